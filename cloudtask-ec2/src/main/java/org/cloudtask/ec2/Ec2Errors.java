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
    static final String MALFORMED = "InvalidInstanceID.Malformed";

    // why: throttling and server trouble pass within seconds
    private static final Set<String> PASSING = Set.of(
            "RequestLimitExceeded", "Throttling", "ThrottlingException", "InsufficientFreeAddressesInSubnet",
            "Unavailable", "ServiceUnavailable", "InternalError", "InternalFailure");

    /** Server errors after which a request may or may not have taken effect (throttling never has). */
    private static final Set<String> SERVER_TROUBLE = Set.of("Unavailable", "ServiceUnavailable", "InternalError",
            "InternalFailure");

    /** No capacity for the type (or for spot) now: passes in minutes, not seconds; the launch waits with its own backoff. */
    private static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientCapacity",
            "UnfulfillableCapacity", "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity");

    /** The account's limit: passes only when its own instances end, so the launch asks for fewer or fails with a hint. */
    private static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded",
            "MaxSpotInstanceCountExceeded");

    private Ec2Errors() { }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return null;
    }

    static boolean isPassing(SdkException e) {
        if (isCapacity(code(e)) || isQuota(code(e))) return false;
        if (e instanceof AwsServiceException service) {
            return code(e) != null && PASSING.contains(code(e)) || service.statusCode() >= 500;
        }
        // no answer at all: a network problem or a timeout passes; missing credentials do not
        return e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || causedByIo(e);
    }

    static boolean isCapacity(String code) {
        return code != null && CAPACITY.contains(code);
    }

    static boolean isQuota(String code) {
        return code != null && QUOTA.contains(code);
    }

    /**
     * Whether a failed call may still have taken effect: it got no answer, or a server error ("Ensuring idempotency in
     * Amazon EC2 API requests": requests can time out or meet server issues after taking effect).
     */
    static boolean mayHaveTakenEffect(ApiException e) {
        if (!(e.getCause() instanceof SdkException cause) || !isPassing(cause)) return false;
        return !(cause instanceof AwsServiceException) || code(cause) != null && SERVER_TROUBLE.contains(code(cause));
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
