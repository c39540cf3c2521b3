package org.cloudtask.ec2;

import java.io.IOException;
import java.util.Set;
import org.cloudtask.core.provision.HostKeyWatch;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** EC2's GetConsoleOutput as a {@link HostKeyWatch.Console}: EC2's error codes sorted into what the watch does. */
public final class Ec2Console {

    // why: the GetConsoleOutput page does not name the error for Latest on Xen; these are how EC2 refuses a parameter
    private static final Set<String> LATEST_REFUSED = Set.of("UnsupportedOperation", "InvalidParameter",
            "InvalidParameterValue", "InvalidParameterCombination");

    private Ec2Console() { }

    /** Over a plain SDK client (no retries: the watch looks again anyway), as the Jenkins plugin has one. */
    public static HostKeyWatch.Console of(Ec2Client client) {
        return (id, latest) -> {
            try {
                return ConsoleOutput.decode(client.getConsoleOutput(r -> r.instanceId(id).latest(latest)).output());
            } catch (SdkException e) {
                throw sorted(Ec2Errors.code(e), Ec2Errors.describe("GetConsoleOutput", e, 1), e);
            }
        };
    }

    static HostKeyWatch.Console of(Ec2Api api) {
        return (id, latest) -> {
            try {
                return api.consoleOutput(id, latest);
            } catch (ApiException e) {
                throw sorted(e.code(), e.getMessage(), e);
            }
        };
    }

    /** The EC2 error {@code code} as what the watch understands: not known yet, latest refused, or unreadable. */
    public static IOException sorted(String code, String message, Throwable cause) {
        if (Ec2Errors.NOT_FOUND.equals(code)) return new HostKeyWatch.NotKnownYet(message);
        if (code != null && LATEST_REFUSED.contains(code)) return new HostKeyWatch.LatestRefused(code);
        return cause instanceof IOException io ? io : new IOException(message, cause);
    }
}
