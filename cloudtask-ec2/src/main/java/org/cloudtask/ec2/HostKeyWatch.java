package org.cloudtask.ec2;

import org.cloudtask.core.provision.ConsoleHostKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Looks for one running instance's host key in its console output, now and then (why: thousands of instances must
 * not each call GetConsoleOutput every poll), until it is found, the console cannot be read, or
 * {@link Ec2Settings#hostKeyWait()} is over.
 */
final class HostKeyWatch {

    /** Reads an instance's console output, decoded ({@code latest}: the latest output, else the buffered one). */
    @FunctionalInterface
    public interface Console {
        String read(String instanceId, boolean latest) throws ApiException, InterruptedException;
    }

    private final String instanceId;
    private final Instant deadline;
    private final Duration every;
    private Instant nextLook = Instant.MIN;
    private String key;
    private boolean unreadable;

    HostKeyWatch(String instanceId, Ec2Settings settings) {
        this.instanceId = instanceId;
        this.deadline = Instant.now().plus(settings.hostKeyWait());
        this.every = settings.pollInterval().multipliedBy(3);
    }

    boolean settled(Ec2Api api, Consumer<String> log) throws InterruptedException {
        return settled((id, latest) -> api.consoleOutput(id), log);
    }

    /** Looks again when due; true once the worker can be handed over, with or without a key. */
    public boolean settled(Console console, Consumer<String> log) throws InterruptedException {
        if (key == null && !unreadable && !Instant.now().isBefore(nextLook)) {
            nextLook = Instant.now().plus(every);
            try {
                key = ConsoleHostKeys.strongest(console.read(instanceId, true)).orElse(null);
            } catch (ApiException e) {
                log.accept(instanceId + ": cannot read its console output, so the host-key policy decides: " + e.getMessage());
                unreadable = true;
            }
        }
        return key != null || unreadable || !Instant.now().isBefore(deadline);
    }

    /** The strongest host key as {@code "<type> <base64>"}, or null. */
    public String key() {
        return key;
    }

    /** A {@link Console} over a plain SDK client, such as the Jenkins EC2 plugin's (no retries: the watch looks again). */
    public static Console console(Ec2Client client) {
        return (id, latest) -> {
            try {
                return ConsoleOutput.decode(client.getConsoleOutput(r -> r.instanceId(id).latest(latest)).output());
            } catch (SdkException e) {
                throw new ApiException(Ec2Errors.describe("GetConsoleOutput", e, 1), Ec2Errors.code(e), e);
            }
        };
    }
}
