package org.cloudtask.ec2;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: retry n waits a random time between half and all of {@code min(cap, base * 2^(n-1))},
 * so that many controllers throttled at once do not all come back at the same moment.
 *
 * @param attempts how many times a call is tried in all (at least 1)
 * @param base     the first wait's upper bound
 * @param cap      the largest wait
 */
public record Backoff(int attempts, Duration base, Duration cap) {

    public static final Backoff DEFAULT = new Backoff(6, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long bound = Math.max(1, Math.min(cap.toMillis(), base.toMillis() << Math.min(retry - 1, 20)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
    }
}
