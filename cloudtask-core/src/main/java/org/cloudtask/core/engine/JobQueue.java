package org.cloudtask.core.engine;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Jobs waiting for a worker, first come first served. Jobs sent back (retries, lost, struck) go before new ones, each
 * preferably to a worker where it has not failed. New jobs arrive from a feeder that blocks while a bounded number
 * wait, so a million-line input is never all in memory.
 */
final class JobQueue {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    // why two: slots waiting for work wake on what may give them some; the feeder only when there is room
    private final Condition changed = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<QueuedJob> fresh = new ArrayDeque<>();
    private final ArrayDeque<QueuedJob> again = new ArrayDeque<>();
    private boolean feedEnded;
    private boolean stopped;
    private int inFlight;
    private int waiting;

    /** Takes back a job queued on a worker behind another slot's running job (see {@link Lookahead}). */
    interface Thief {
        /** Chooses one at once, without talking to a worker; null when there is none. */
        Ahead choose();

        /** Takes the chosen one back from its worker; null when it has started (or another took it). */
        QueuedJob takeBack(Ahead chosen) throws InterruptedException;
    }

    JobQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a new job, waiting while the queue is full. False once the queue is stopped (the job stays pending). */
    boolean feed(QueuedJob job) throws InterruptedException {
        lock.lock();
        try {
            while (fresh.size() >= capacity && !stopped) room.await();
            if (stopped) return false;
            fresh.add(job);
            // why all: a woken slot may not want the job (its worker just failed); the others must see it too
            if (waiting > 0) changed.signalAll();
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
        return take(worker, wanted, false, job -> false);
    }

    /**
     * Like {@link #take(String, BooleanSupplier)}; a job that failed on {@code worker} goes to it only when
     * {@code elsewhere} says no other worker could run it (none is left where it has not failed). With
     * {@code leavesWhenDry} (a launched worker's slot, which costs money while idle), returns null as soon as nothing
     * waits for this worker and no new job can come: a job that comes back later (a retry, a lost attempt) runs on the
     * workers left, or on one launched for it.
     */
    QueuedJob take(String worker, BooleanSupplier wanted, boolean leavesWhenDry, Predicate<QueuedJob> elsewhere)
            throws InterruptedException {
        return take(worker, wanted, leavesWhenDry, elsewhere, null);
    }

    /**
     * Like {@link #take(String, BooleanSupplier, boolean, Predicate)}; when no job waits, {@code thief} may take
     * one back from behind another slot's running job, and this slot runs it. The lock is let go while it talks to
     * the worker, so whatever it finds, everything is looked at again afterwards.
     */
    QueuedJob take(String worker, BooleanSupplier wanted, boolean leavesWhenDry, Predicate<QueuedJob> elsewhere,
                   Thief thief) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (stopped || !wanted.getAsBoolean()) return null;
                QueuedJob job = pick(worker, elsewhere);
                if (job != null) {
                    inFlight++;
                    return job;
                }
                Ahead chosen = thief == null ? null : thief.choose();
                if (chosen != null) {
                    QueuedJob stolen = takeBackUnlocked(thief, chosen);
                    // why: the lock was let go meanwhile; a job may have come back (or the last one ended)
                    if (stolen == null) continue;
                    if (stopped || !wanted.getAsBoolean()) {
                        giveBack(stolen);
                        return null;
                    }
                    // why: it stays in flight, now on this worker
                    return stolen;
                }
                if (feedEnded && inFlight == 0 && again.isEmpty()) return null;
                if (leavesWhenDry && feedEnded) return null;
                // why no time limit: whatever may change the answer above signals (a job fed or back, the feed's end,
                // a stop, a worker failing or leaving, a launch ending: see TaskRun.wakeUpAll)
                waiting++;
                try {
                    changed.await();
                } finally {
                    waiting--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private QueuedJob takeBackUnlocked(Thief thief, Ahead chosen) throws InterruptedException {
        lock.unlock();
        try {
            return thief.takeBack(chosen);
        } finally {
            lock.lock();
        }
    }

    /**
     * A job for {@code worker} to queue behind its running one, only if one is ready at once and no slot is waiting
     * for work (that slot should have it now rather than after the running job). Null otherwise; never waits.
     */
    QueuedJob poll(String worker, BooleanSupplier wanted, Predicate<QueuedJob> elsewhere) {
        lock.lock();
        try {
            if (stopped || waiting > 0 || !wanted.getAsBoolean()) return null;
            QueuedJob job = pick(worker, elsewhere);
            if (job == null) return null;
            inFlight++;
            return job;
        } finally {
            lock.unlock();
        }
    }

    /** A job taken but never started goes back to the front of the queue; no attempt of it counts. */
    void giveBack(QueuedJob job) {
        lock.lock();
        try {
            inFlight--;
            if (!stopped) again.addFirst(job);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Jobs sent back first, each to a worker where it has not failed; then new jobs; then a job that failed here, if
     * no other worker could run it ({@code elsewhere}): "preferably on another worker" falls back to any worker, so a
     * retry never waits for a worker that is not there.
     */
    private QueuedJob pick(String worker, Predicate<QueuedJob> elsewhere) {
        for (Iterator<QueuedJob> it = again.iterator(); it.hasNext(); ) {
            QueuedJob job = it.next();
            if (!job.hasFailedOn(worker)) {
                it.remove();
                return job;
            }
        }
        QueuedJob job = fresh.poll();
        if (job != null) {
            if (fresh.size() == capacity - 1) room.signal();
            return job;
        }
        for (Iterator<QueuedJob> it = again.iterator(); it.hasNext(); ) {
            QueuedJob retry = it.next();
            if (!elsewhere.test(retry)) {
                it.remove();
                return retry;
            }
        }
        return null;
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
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean stopped() {
        lock.lock();
        try {
            return stopped;
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
