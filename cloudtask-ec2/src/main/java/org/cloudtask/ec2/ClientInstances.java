package org.cloudtask.ec2;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.cloudtask.core.provision.HostKeyWatch;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The calls on one launched instance for a caller that brings its own EC2 client: the Jenkins plugin, whose instances
 * the EC2 plugin launches with its cloud's client, credentials and retry settings. The host key is looked for by the
 * command line's {@link HostKeyWatch}. Never closes the client: it is the caller's.
 */
public final class ClientInstances {

    private final Ec2Client client;
    private final Ec2Settings timing;
    private final Consumer<String> log;

    /**
     * @param pollInterval how often an instance's state is asked for (its console, three times less often)
     * @param hostKeyWait  how long to wait for the host key to appear in the console
     */
    public ClientInstances(Ec2Client client, Duration pollInterval, Duration hostKeyWait, Consumer<String> log) {
        this.client = client;
        this.timing = new Ec2Settings().pollInterval(pollInterval).hostKeyWait(hostKeyWait);
        this.log = log;
    }

    /**
     * Polls until the instance is running; fails if it stops or ends, on an error that asking again cannot fix, or
     * when {@code timeout} passes. An instance EC2 does not know yet (just launched) is asked for again.
     */
    public Instance awaitRunning(String instanceId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "not known to EC2 yet";
        while (true) {
            try {
                Instance instance = describe(instanceId);
                InstanceStateName state = instance == null ? null : instance.state().name();
                if (state == InstanceStateName.RUNNING) return instance;
                if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN
                        || state == InstanceStateName.STOPPING || state == InstanceStateName.STOPPED) {
                    throw new IOException("instance " + instanceId + " is " + state);
                }
                if (state != null) last = state.toString();
            } catch (SdkException e) {
                if (!Ec2Errors.isPassing(e)) throw new IOException(Ec2Errors.describe("DescribeInstances", e, 1), e);
                last = Ec2Errors.describe("DescribeInstances", e, 1);
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IOException("instance " + instanceId + " was not running after " + timeout.toSeconds()
                        + " s (" + last + ")");
            }
            Thread.sleep(timing.pollInterval().toMillis());
        }
    }

    /**
     * The strongest host key a running instance printed to its console, as {@code "<type> <base64>"}: cloud-init
     * prints it some time after the instance is running, so this looks again until it is there, the console cannot
     * be read, or the host-key wait is over. Null then: the host-key policy decides.
     */
    public String awaitHostKey(String instanceId) throws InterruptedException {
        HostKeyWatch watch = new HostKeyWatch(instanceId, timing.hostKeyWait(), timing.slowConsoleWait(),
                timing.pollInterval().multipliedBy(3));
        HostKeyWatch.Console console = Ec2Console.of(client);
        while (!watch.settled(console, log)) Thread.sleep(timing.pollInterval().toMillis());
        return watch.key();
    }

    /**
     * Terminates the instance and returns once EC2 says it is shutting down or terminated, or no longer knows it
     * ({@code InvalidInstanceID.NotFound}: destroyed, as {@code Provisioner.destroy} promises). Asks again until
     * {@code confirmWithin} has passed.
     *
     * @throws IOException naming the instance and what is wrong, when it could not be confirmed
     */
    public void terminate(String instanceId, Duration confirmWithin) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(confirmWithin);
        while (true) {
            String problem;
            try {
                client.terminateInstances(r -> r.instanceIds(instanceId));
                Instance instance = describe(instanceId);
                InstanceStateName state = instance == null ? null : instance.state().name();
                if (state == null || state == InstanceStateName.SHUTTING_DOWN || state == InstanceStateName.TERMINATED) {
                    return;
                }
                problem = "it is still " + state + " after TerminateInstances";
            } catch (SdkException e) {
                if (Ec2Errors.NOT_FOUND.equals(Ec2Errors.code(e))) return;
                problem = Ec2Errors.describe("TerminateInstances", e, 1);
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IOException("cannot terminate EC2 instance " + instanceId + ": " + problem);
            }
            log.accept("instance " + instanceId + ": " + problem + "; asking again");
            Thread.sleep(timing.pollInterval().toMillis());
        }
    }

    /** The instance, or null when EC2 does not know it (yet, right after a launch; or any more). */
    private Instance describe(String instanceId) {
        try {
            return client.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                    .flatMap(reservation -> reservation.instances().stream())
                    .findFirst().orElse(null);
        } catch (SdkException e) {
            if (Ec2Errors.NOT_FOUND.equals(Ec2Errors.code(e))) return null;
            throw e;
        }
    }
}
