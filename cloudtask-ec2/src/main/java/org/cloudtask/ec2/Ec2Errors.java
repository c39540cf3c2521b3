package org.cloudtask.ec2;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
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
        return e instanceof SdkClientException; // no answer at all: network, timeout
    }

    /** {@code RunInstances failed: InsufficientInstanceCapacity: no t3.micro capacity (after 6 attempts)}. */
    static String describe(String action, SdkException e, int attempts) {
        String detail;
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            detail = code(e) + ": " + service.awsErrorDetails().errorMessage();
        } else {
            detail = e.getMessage();
        }
        String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
        return (action + " failed: " + detail + tries).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
