package org.cloudtask.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.cloudtask.core.provision.ConsoleHostKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Looks for one running instance's host key in its console output, now and then (why: thousands of instances must
 * not each call GetConsoleOutput every poll), until it is found, the console cannot be read, or the wait is over.
 *
 * <p>It asks for the latest output first. GetConsoleOutput (EC2 API Reference): the latest output "is supported on
 * instance types that use the Nitro hypervisor"; otherwise only the buffered output "posted shortly after an instance
 * transition state" exists, which can take minutes. So when EC2 refuses {@code Latest=true} (Xen types: t2, m4, c4,
 * ...), it reads the buffered output instead and waits up to the longer {@code slowWait}. An instance not known yet
 * (eventual consistency) is asked again; any other error ends the watch without a key.
 *
 * <pre>{@code
 * HostKeyWatch watch = new HostKeyWatch(id, Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofSeconds(15));
 * while (!watch.settled(HostKeyWatch.console(ec2Client), log)) Thread.sleep(5000);
 * String key = watch.key(); // "ssh-ed25519 AAAA...", or null: the host-key policy decides
 * }</pre>
 */
public final class HostKeyWatch {

    /** Reads an instance's console output, decoded: the latest ({@code latest}, Nitro types) or the buffered one. */
    @FunctionalInterface
    public interface Console {
        String read(String instanceId, boolean latest) throws ApiException, InterruptedException;
    }

    // why: the GetConsoleOutput page does not name the error for Latest on Xen; these are how EC2 refuses a parameter
    private static final Set<String> LATEST_REFUSED = Set.of("UnsupportedOperation", "InvalidParameter",
            "InvalidParameterValue", "InvalidParameterCombination");

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
     * @param slowWait how long to look in the buffered output, when the latest is refused (Xen types)
     * @param every    how often to look
     */
    public HostKeyWatch(String instanceId, Duration wait, Duration slowWait, Duration every) {
        this.instanceId = instanceId;
        this.deadline = started.plus(wait);
        this.slowWait = slowWait;
        this.every = every;
    }

    HostKeyWatch(String instanceId, Ec2Settings settings) {
        this(instanceId, settings.hostKeyWait(), settings.slowConsoleWait(), settings.pollInterval().multipliedBy(3));
    }

    /** Looks again when due; true once the worker can be handed over, with or without a key. */
    public boolean settled(Console console, Consumer<String> log) throws InterruptedException {
        if (key == null && !unreadable && !Instant.now().isBefore(nextLook)) {
            nextLook = Instant.now().plus(every);
            try {
                key = ConsoleHostKeys.strongest(console.read(instanceId, latest)).orElse(null);
            } catch (ApiException e) {
                whenRefused(e, log);
            }
        }
        return key != null || unreadable || !Instant.now().isBefore(deadline);
    }

    private void whenRefused(ApiException e, Consumer<String> log) {
        if (Ec2Errors.NOT_FOUND.equals(e.code())) return; // why: not visible yet; asked again at the next look
        if (latest && LATEST_REFUSED.contains(e.code())) {
            latest = false;
            nextLook = Instant.MIN;
            deadline = started.plus(slowWait);
            log.accept(instanceId + ": its type cannot give the latest console output (" + e.code() + "), so the output "
                    + "posted after boot is read instead, for up to " + slowWait.toSeconds() + " s");
            return;
        }
        log.accept(instanceId + ": cannot read its console output, so the host-key policy decides: " + e.getMessage());
        unreadable = true;
    }

    /** The strongest host key as {@code "<type> <base64>"}, or null. */
    public String key() {
        return key;
    }

    /** Whether the latest output was refused and the buffered output is read instead. */
    public boolean readsBufferedOutput() {
        return !latest;
    }

    /** A {@link Console} over a plain SDK client (no retries: the watch looks again anyway). */
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
