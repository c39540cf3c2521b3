package org.cloudtask.ec2.testing;

/**
 * An EC2 API error the stand-in answers with, in the real error format.
 *
 * @param status HTTP status (400 for client errors, 503 for throttling)
 * @param code   the EC2 error code
 */
public record Ec2Fault(int status, String code, String message) {

    public static final Ec2Fault INSUFFICIENT_CAPACITY = new Ec2Fault(500, "InsufficientInstanceCapacity",
            "We currently do not have sufficient capacity in the Availability Zone you requested.");
    public static final Ec2Fault REQUEST_LIMIT_EXCEEDED = new Ec2Fault(503, "RequestLimitExceeded",
            "Request limit exceeded.");
    public static final Ec2Fault UNAUTHORIZED = new Ec2Fault(403, "UnauthorizedOperation",
            "You are not authorized to perform this operation.");

    /** Spot: "There is no Spot capacity available that matches your request." */
    public static final Ec2Fault UNFULFILLABLE_CAPACITY = new Ec2Fault(500, "UnfulfillableCapacity",
            "There is no Spot capacity available that matches your request.");

    public static Ec2Fault notFound(String instanceId) {
        return new Ec2Fault(400, "InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist");
    }

    static Ec2Fault invalid(String message) {
        return new Ec2Fault(400, "InvalidParameterValue", message);
    }
}
