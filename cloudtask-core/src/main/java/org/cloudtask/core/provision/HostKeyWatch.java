package org.cloudtask.core.provision;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Looks for one running instance's host key in its console output, now and then (why: thousands of instances must
 * not each read their console every poll), until it is found, the console cannot be read, or the wait is over.
 * Shared by the EC2 provisioner and the Jenkins plugin's EC2-cloud provisioner; the cloud's API is behind {@link
 * Console}.
 *
 * <p>It asks for the latest output first. On EC2 (GetConsoleOutput, EC2 API Reference) the latest output "is
 * supported on instance types that use the Nitro hypervisor"; otherwise only the buffered output "posted shortly after
 * an instance transition state" exists, which can take minutes. So when the latest output is refused ({@link
 * LatestRefused}: Xen types such as t2, m4, c4), it reads the buffered output instead and waits up to the longer
 * {@code slowWait}. An instance the cloud does not know yet ({@link NotKnownYet}, eventual consistency) is asked
 * again; any other failure ends the watch without a key.
 *
 * <pre>{@code
 * HostKeyWatch watch = new HostKeyWatch(id, Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofSeconds(15));
 * while (!watch.settled(console, log)) Thread.sleep(5000);
 * String key = watch.key(); // "ssh-ed25519 AAAA...", or null: the transport's host-key policy decides
 * }</pre>
 */
public final class HostKeyWatch {

    /** Reads an instance's console output, decoded. */
    @FunctionalInterface
    public interface Console {
        /**
         * @param latest the latest output rather than the buffered one posted after boot
         * @throws NotKnownYet   the cloud does not know the instance yet: it is asked again at the next look
         * @throws LatestRefused this instance cannot give the latest output: the buffered one is read from now on
         * @throws IOException   the console cannot be read: the watch ends without a key
         */
        String read(String instanceId, boolean latest) throws IOException, InterruptedException;
    }

    /** The cloud does not know the instance yet (EC2: {@code InvalidInstanceID.NotFound} soon after launch). */
    public static final class NotKnownYet extends IOException {
        public NotKnownYet(String message) {
            super(message);
        }
    }

    /** The instance cannot give the latest console output (EC2: a type on the Xen hypervisor). */
    public static final class LatestRefused extends IOException {
        public LatestRefused(String message) {
            super(message);
        }
    }

    private final String instanceId;
    private final Instant started = Instant.now();
    private final Duration slowWait;
    private final Duration every;
    private Instant deadline;
    private Instant nextLook = Instant.MIN;
    private boolean latest = true;
    private String key;
    private boolean unreadable;

    /**
     * @param wait     how long to look for the key in the latest output
     * @param slowWait how long to look in the buffered output, when the latest is refused
     * @param every    how often to look
     */
    public HostKeyWatch(String instanceId, Duration wait, Duration slowWait, Duration every) {
        this.instanceId = instanceId;
        this.deadline = started.plus(wait);
        this.slowWait = slowWait;
        this.every = every;
    }

    /** Looks again when due; true once the worker can be handed over, with or without a key. */
    public boolean settled(Console console, Consumer<String> log) throws InterruptedException {
        if (key == null && !unreadable && !Instant.now().isBefore(nextLook)) {
            nextLook = Instant.now().plus(every);
            try {
                key = ConsoleHostKeys.strongest(console.read(instanceId, latest)).orElse(null);
            } catch (NotKnownYet e) {
                // why: not visible yet; asked again at the next look
            } catch (LatestRefused e) {
                latest = false;
                nextLook = Instant.MIN;
                deadline = started.plus(slowWait);
                log.accept(instanceId + ": its type cannot give the latest console output (" + e.getMessage() + "), so the "
                        + "output posted after boot is read instead, for up to " + slowWait.toSeconds() + " s");
            } catch (IOException e) {
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

    /** Whether the latest output was refused and the buffered output is read instead. */
    public boolean readsBufferedOutput() {
        return !latest;
    }
}
