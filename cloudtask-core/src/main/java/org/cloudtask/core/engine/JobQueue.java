package org.cloudtask.core.engine;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Jobs waiting for a worker, first come first served. Jobs sent back (retries, lost, struck) go before new ones, each
 * preferably to a worker where it has not failed. New jobs arrive from a feeder that blocks while a bounded number
 * wait, so a million-line input is never all in memory.
 */
final class JobQueue {

    private static final long WAKEUP_MILLIS = 200;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<QueuedJob> fresh = new ArrayDeque<>();
    private final ArrayDeque<QueuedJob> again = new ArrayDeque<>();
    private boolean feedEnded;
    private boolean stopped;
    private int inFlight;
    private int spares;

    JobQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a new job, waiting while the queue is full. False once the queue is stopped (the job stays pending). */
    boolean feed(QueuedJob job) throws InterruptedException {
        lock.lock();
        try {
            while (fresh.size() >= capacity && !stopped) changed.await(WAKEUP_MILLIS, TimeUnit.MILLISECONDS);
            if (stopped) return false;
            fresh.add(job);
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** No more new jobs will come. */
    void feedEnded() {
        lock.lock();
        try {
            feedEnded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next job for {@code worker}; waits while none is ready but more may come (from the feeder, or back from a
     * running attempt). Null when every job is done, the queue was stopped, or {@code wanted} turned false.
     */
    QueuedJob take(String worker, BooleanSupplier wanted) throws InterruptedException {
        return take(worker, wanted, false);
    }

    /**
     * Like {@link #take(String, BooleanSupplier)}; with {@code leavesWhenDry} (a launched worker's slot, which costs
     * money while idle), returns null as soon as nothing waits and no new job can come, except for one such slot that
     * stays as a spare until the last attempt in flight has ended (it may come back for a retry).
     */
    QueuedJob take(String worker, BooleanSupplier wanted, boolean leavesWhenDry) throws InterruptedException {
        boolean spare = false;
        lock.lock();
        try {
            while (true) {
                if (stopped || !wanted.getAsBoolean()) return null;
                QueuedJob job = pick(worker);
                if (job != null) {
                    inFlight++;
                    changed.signalAll();
                    return job;
                }
                if (feedEnded && inFlight == 0) return null;
                if (leavesWhenDry && feedEnded && !spare) {
                    if (spares > 0) return null;
                    spares++;
                    spare = true;
                }
                changed.await(WAKEUP_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            if (spare) spares--;
            lock.unlock();
        }
    }

    private QueuedJob pick(String worker) {
        for (Iterator<QueuedJob> it = again.iterator(); it.hasNext(); ) {
            QueuedJob job = it.next();
            if (!job.hasFailedOn(worker)) {
                it.remove();
                return job;
            }
        }
        QueuedJob job = fresh.poll();
        // why: "preferably" elsewhere; with no new work left, a worker where the job failed beats not running it
        return job != null ? job : again.poll();
    }

    /** An attempt taken with {@link #take} ended; {@code requeue} sends its job back. */
    void finished(QueuedJob job, boolean requeue) {
        lock.lock();
        try {
            inFlight--;
            if (requeue && !stopped) again.add(job);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing more is handed out; jobs still waiting stay pending in the session. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Every job fed has a final result (or the feed never had any). */
    boolean drained() {
        lock.lock();
        try {
            return feedEnded && fresh.isEmpty() && again.isEmpty() && inFlight == 0 && !stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiting workers, e.g. after a worker became unwanted. */
    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
