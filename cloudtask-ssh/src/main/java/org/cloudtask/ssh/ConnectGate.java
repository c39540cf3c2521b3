package org.cloudtask.ssh;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps new SSH handshakes gentle, so that hundreds of workers behind one sshd (or one bastion) do not trip OpenSSH's
 * {@code MaxStartups}, which drops handshakes beyond its limit: at most {@code maxInFlight} are under way at once
 * ({@code --max-startups}), which is also what lets them go as fast as the CPU allows; and, only if asked, at most
 * {@code ratePerSecond} start per second ({@code --connect-rate}; infinite: no limit).
 * A handshake that was dropped anyway is retried after a jittered backoff (see {@link #backoffMillis}).
 */
final class ConnectGate {

    private final Semaphore inFlight;
    private final long intervalNanos;
    private long nextStart = System.nanoTime();

    ConnectGate(double ratePerSecond, int maxInFlight) {
        this.inFlight = new Semaphore(maxInFlight, true);
        this.intervalNanos = Double.isInfinite(ratePerSecond) ? 0 : (long) (1e9 / ratePerSecond);
    }

    /** A handshake slot, to be closed when the handshake (up to login) is over. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a slot and for the rate, as long as it takes: every handshake under way is bounded by its own
     * timeout, which starts only once it is through here, so waiting here never uses up a worker's time.
     */
    Permit enter() throws InterruptedException {
        inFlight.acquire();
        try {
            long start = reserveStart();
            long sleep = start - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
        } catch (InterruptedException e) {
            inFlight.release();
            throw e;
        }
        return inFlight::release;
    }

    /** The time this handshake may start: one interval after the previous one. */
    private synchronized long reserveStart() {
        long now = System.nanoTime();
        long start = Math.max(now, nextStart);
        nextStart = start + intervalNanos;
        return start;
    }

    /**
     * Jittered exponential backoff before retry number {@code attempt} (from 0): a random time between half and all
     * of 200 ms × 2^attempt, at most 5 s, so workers dropped together do not come back together.
     */
    static long backoffMillis(int attempt) {
        long ceiling = Math.min(5_000, 200L << Math.min(attempt, 10));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
