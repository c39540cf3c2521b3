package org.cloudtask.core.worker;

import java.io.IOException;

/** The worker answered but will not let us in, and trying again will not change that (host key, authentication). */
public class WorkerRefusedException extends IOException {

    public WorkerRefusedException(String message) {
        super(message);
    }

    public WorkerRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
