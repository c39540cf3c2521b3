package org.cloudtask.ec2;

import java.io.IOException;

/** An EC2 API call failed for good (retries used up, or an error retrying cannot fix). The message is one line. */
public class ApiException extends IOException {

    private final String code;

    public ApiException(String message, String code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The EC2 error code ({@code InsufficientInstanceCapacity}), or null when the call never got an answer. */
    public String code() {
        return code;
    }
}
