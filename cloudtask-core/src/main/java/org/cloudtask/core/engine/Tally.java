package org.cloudtask.core.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of results that are on disk, for progress lines (the summary is taken from the job states after the journal
 * is committed). Also measures jobs per second over the last few seconds.
 */
final class Tally {

    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    /** Attempts whose command runs now: at most one per slot. */
    final AtomicLong running = new AtomicLong();
    /** Attempts that ended and whose END record is not on disk yet: neither running nor done. */
    final AtomicLong finishing = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    private long windowStart = System.nanoTime();
    private long windowDone;
    private double rate;
    private long lastProgress;

    long done() {
        return ok.get() + failed.get() + timeouts.get();
    }

    /** Jobs per second, recomputed at most every two seconds. */
    synchronized double rate() {
        long now = System.nanoTime();
        if (now - windowStart > 2_000_000_000L) {
            long done = done();
            rate = (done - windowDone) / ((now - windowStart) / 1e9);
            windowStart = now;
            windowDone = done;
        }
        return rate;
    }

    /** True at most every 100 ms, so front ends are not flooded with progress events. */
    synchronized boolean progressDue() {
        long now = System.nanoTime();
        if (now - lastProgress < 100_000_000L) return false;
        lastProgress = now;
        return true;
    }
}
