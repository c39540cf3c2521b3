package org.cloudtask.ec2;

import org.cloudtask.core.provision.ConsoleHostKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Looks for one running instance's host key in its console output, now and then (why: thousands of instances must
 * not each call GetConsoleOutput every poll), until it is found, the console cannot be read, or
 * {@link Ec2Settings#hostKeyWait()} is over.
 */
final class HostKeyWatch {

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

    /** Looks again when due; true once the worker can be handed over, with or without a key. */
    boolean settled(Ec2Api api, Consumer<String> log) throws InterruptedException {
        if (key == null && !unreadable && !Instant.now().isBefore(nextLook)) {
            nextLook = Instant.now().plus(every);
            try {
                key = ConsoleHostKeys.strongest(api.consoleOutput(instanceId)).orElse(null);
            } catch (ApiException e) {
                log.accept(instanceId + ": cannot read its console output, so the host-key policy decides: " + e.getMessage());
                unreadable = true;
            }
        }
        return key != null || unreadable || !Instant.now().isBefore(deadline);
    }

    /** The strongest host key as {@code "<type> <base64>"}, or null. */
    String key() {
        return key;
    }
}
