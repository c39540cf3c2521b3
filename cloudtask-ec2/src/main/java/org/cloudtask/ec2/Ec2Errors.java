package org.cloudtask.ec2;

import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** Sorts EC2 API errors into passing ones (worth a retry) and lasting ones, and words them on one line. */
final class Ec2Errors {

    static final String NOT_FOUND = "InvalidInstanceID.NotFound";

    // why: throttling, capacity and account limits pass with time (other instances end, AWS frees capacity)
    private static final Set<String> PASSING = Set.of(
            "RequestLimitExceeded", "Throttling", "ThrottlingException", "InsufficientInstanceCapacity",
            "InsufficientCapacity", "InstanceLimitExceeded", "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded",
            "InsufficientFreeAddressesInSubnet", "Unavailable", "ServiceUnavailable", "InternalError",
            "InternalFailure");

    private Ec2Errors() { }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return null;
    }

    static boolean isPassing(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return PASSING.contains(code(e)) || service.statusCode() >= 500;
        }
        // no answer at all: a network problem or a timeout passes; missing credentials do not
        return e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || causedByIo(e);
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    /** {@code RunInstances failed: InsufficientInstanceCapacity: no t3.micro capacity (after 6 attempts)}. */
    static String describe(String action, SdkException e, int attempts) {
        String detail;
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            detail = code(e) + ": " + service.awsErrorDetails().errorMessage();
        } else if (String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
            detail = "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, "
                    + "or run on an instance with a role";
        } else {
            detail = e.getMessage();
        }
        String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
        return (action + " failed: " + detail + tries).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
