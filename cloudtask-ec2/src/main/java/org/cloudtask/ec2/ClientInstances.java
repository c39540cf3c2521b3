package org.cloudtask.ec2;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The calls on one launched instance for a caller that brings its own EC2 client: the Jenkins plugin, whose instances
 * the EC2 plugin launches with its cloud's client and credentials. Same retries ({@link Ec2Api}) and same host-key
 * watch ({@link HostKeyWatch}) as the command line's provisioner. Never closes the client: it is the caller's.
 */
public final class ClientInstances {

    private final Ec2Api api;
    private final Ec2Settings timing;
    private final Consumer<String> log;

    /**
     * @param pollInterval how often an instance's state is asked for (its console, three times less often)
     * @param hostKeyWait  how long to wait for the host key to appear in the console
     */
    public ClientInstances(Ec2Client client, Duration pollInterval, Duration hostKeyWait, Backoff backoff,
                           Consumer<String> log) {
        this.api = new Ec2Api(client, backoff, log);
        this.timing = new Ec2Settings().pollInterval(pollInterval).hostKeyWait(hostKeyWait).backoff(backoff);
        this.log = log;
    }

    /** Polls until the instance is running; fails if it stops or ends, or {@code timeout} passes. */
    public Instance awaitRunning(String instanceId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Instance instance = describe(instanceId);
            InstanceStateName state = instance == null ? null : instance.state().name();
            if (state == InstanceStateName.RUNNING) return instance;
            if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN
                    || state == InstanceStateName.STOPPING || state == InstanceStateName.STOPPED) {
                throw new IOException("instance " + instanceId + " is " + state);
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IOException("instance " + instanceId + " was not running after " + timeout.toSeconds() + " s");
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
        HostKeyWatch watch = new HostKeyWatch(instanceId, timing);
        while (!watch.settled(api, log)) Thread.sleep(timing.pollInterval().toMillis());
        return watch.key();
    }

    /**
     * Terminates the instance and returns once EC2 says it is shutting down or terminated, or no longer knows it
     * (destroyed, as {@code Provisioner.destroy} promises). Asks again until {@code confirmWithin} has passed.
     *
     * @throws IOException naming the instance and what is wrong, when it could not be confirmed
     */
    public void terminate(String instanceId, Duration confirmWithin) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(confirmWithin);
        String problem;
        while (true) {
            try {
                api.terminate(List.of(instanceId));
                Instance instance = describe(instanceId);
                InstanceStateName state = instance == null ? null : instance.state().name();
                if (state == null || state == InstanceStateName.SHUTTING_DOWN || state == InstanceStateName.TERMINATED) {
                    return;
                }
                problem = "it is still " + state + " after TerminateInstances";
            } catch (ApiException e) {
                if (Ec2Errors.NOT_FOUND.equals(e.code())) return;
                problem = e.getMessage();
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IOException("cannot terminate EC2 instance " + instanceId + ": " + problem);
            }
            log.accept("instance " + instanceId + ": " + problem + "; asking again");
            Thread.sleep(timing.pollInterval().toMillis());
        }
    }

    /** The instance, or null when EC2 does not know it (yet, right after a launch; or any more). */
    private Instance describe(String instanceId) throws ApiException, InterruptedException {
        try {
            return api.describe(List.of(instanceId)).stream().findFirst().orElse(null);
        } catch (ApiException e) {
            if (Ec2Errors.NOT_FOUND.equals(e.code())) return null;
            throw e;
        }
    }
}
