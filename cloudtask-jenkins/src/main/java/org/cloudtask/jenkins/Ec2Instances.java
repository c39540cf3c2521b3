package org.cloudtask.jenkins;

import hudson.plugins.ec2.EC2Cloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.cloudtask.core.provision.ConsoleHostKeys;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** The few EC2 API calls the provisioner makes itself, through the cloud's own client and credentials. */
final class Ec2Instances {

    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(5);

    private final EC2Cloud cloud;

    Ec2Instances(EC2Cloud cloud) {
        this.cloud = cloud;
    }

    /** Polls until the instance is running with an address; fails if it stops, terminates or the time is up. */
    Instance awaitRunning(String instanceId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Ec2Client ec2 = cloud.connect();
        while (Instant.now().isBefore(deadline)) {
            Instance instance = describe(ec2, instanceId);
            InstanceStateName state = instance == null ? null : instance.state().name();
            if (state == InstanceStateName.RUNNING) return instance;
            if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN
                    || state == InstanceStateName.STOPPED) {
                throw new IOException("instance " + instanceId + " is " + state);
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException("instance " + instanceId + " was not running after " + timeout.toSeconds() + " s");
    }

    /** The host key the instance printed to its console at first boot, or null when there is none (yet). */
    String hostKeyFromConsole(String instanceId) {
        GetConsoleOutputResponse console = cloud.connect().getConsoleOutput(r -> r.instanceId(instanceId));
        if (console.output() == null) return null;
        String text = new String(Base64.getMimeDecoder().decode(console.output()), StandardCharsets.UTF_8);
        return ConsoleHostKeys.strongest(text).orElse(null);
    }

    void terminate(String instanceId) {
        cloud.connect().terminateInstances(r -> r.instanceIds(instanceId));
    }

    private static Instance describe(Ec2Client ec2, String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .findFirst()
                .orElse(null);
    }
}
