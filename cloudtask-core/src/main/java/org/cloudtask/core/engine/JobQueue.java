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
    private final java.util.Map<QueuedJob, String> takenBy = new java.util.IdentityHashMap<>();
    private final java.util.Map<String, Integer> inFlightOn = new java.util.HashMap<>();
    private String spareWorker;
    private int spareSlots;

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
        return take(worker, wanted, false, () -> false);
    }

    /**
     * Like {@link #take(String, BooleanSupplier)}; a job that failed on {@code worker} goes to it only when
     * {@code othersActive} says no other worker is left. With {@code leavesWhenDry} (a launched worker's slot, which costs
     * money while idle), returns null as soon as nothing waits and no new job can come, except on one spare worker:
     * a worker with no attempt in flight, whose slots stay until the last attempt in flight has ended (it may come
     * back for a retry, typically because its worker failed, so the spare is never a busy worker).
     */
    QueuedJob take(String worker, BooleanSupplier wanted, boolean leavesWhenDry, BooleanSupplier othersActive)
            throws InterruptedException {
        boolean spare = false;
        lock.lock();
        try {
            while (true) {
                if (stopped || !wanted.getAsBoolean()) return null;
                QueuedJob job = pick(worker, othersActive);
                if (job != null) {
                    inFlight++;
                    takenBy.put(job, worker);
                    inFlightOn.merge(worker, 1, Integer::sum);
                    changed.signalAll();
                    return job;
                }
                if (feedEnded && inFlight == 0) return null;
                if (leavesWhenDry && feedEnded && !spare) {
                    if (inFlightOn.containsKey(worker)) return null;
                    if (spareWorker != null && !spareWorker.equals(worker)) return null;
                    spareWorker = worker;
                    spareSlots++;
                    spare = true;
                }
                changed.await(WAKEUP_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            if (spare && --spareSlots == 0) spareWorker = null;
            lock.unlock();
        }
    }

    private QueuedJob pick(String worker, BooleanSupplier othersActive) {
        for (Iterator<QueuedJob> it = again.iterator(); it.hasNext(); ) {
            QueuedJob job = it.next();
            if (!job.hasFailedOn(worker)) {
                it.remove();
                return job;
            }
        }
        QueuedJob job = fresh.poll();
        if (job != null || again.isEmpty()) return job;
        // why: "preferably" elsewhere; when no other worker is left, one where the job failed beats not running it
        return othersActive.getAsBoolean() ? null : again.poll();
    }

    /** An attempt taken with {@link #take} ended; {@code requeue} sends its job back. */
    void finished(QueuedJob job, boolean requeue) {
        lock.lock();
        try {
            inFlight--;
            String worker = takenBy.remove(job);
            if (worker != null) inFlightOn.computeIfPresent(worker, (w, n) -> n == 1 ? null : n - 1);
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
