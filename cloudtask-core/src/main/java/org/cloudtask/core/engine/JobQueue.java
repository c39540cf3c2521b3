package org.cloudtask.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
    // why: the feeder waits for room; slots waiting for work are told what may give them some (waiters)
    private final Condition room = lock.newCondition();
    private final List<Waiter> waiters = new ArrayList<>();
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

        /**
         * Takes the chosen one back from its worker, holding no thread meanwhile; the future's null: it has started
         * (or another took it). Never completes exceptionally.
         */
        java.util.concurrent.CompletableFuture<QueuedJob> takeBack(Ahead chosen);
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
            if (waiting > 0) changed();
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
            changed();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A slot that waits for work without a thread of its own: told once ({@code onChange}) when something changed that
     * may give it some (a job fed or back, the feed's end, a stop, a worker failing or leaving, a launch ending: see
     * {@link TaskRun#wakeUpAll}); it then asks again with {@link #take}.
     */
    static final class Waiter {
        private final Runnable onChange;
        // why: counted in waiting from the moment it waits until it asks again, even once told, so that a job fed
        // meanwhile goes to it and not behind another slot's running job (poll); under the queue's lock
        private boolean counted;

        Waiter(Runnable onChange) {
            this.onChange = onChange;
        }
    }

    /** What {@link #take} found: a job to run, one to take back from another slot ({@link Thief}), a wait, or the end. */
    record Take(QueuedJob job, Ahead steal, boolean waits) {
        static final Take END = new Take(null, null, false);
        static final Take WAIT = new Take(null, null, true);

        boolean ends() {
            return job == null && steal == null && !waits;
        }
    }

    /**
     * The next job for {@code worker}, at once. When none is ready but more may come (from the feeder, or back from a
     * running attempt), {@code waiter} is told when that may have changed ({@link Take#WAIT}). The end when every
     * job is done, the queue was stopped, or {@code wanted} turned false. A job that failed on {@code worker} goes to
     * it only when {@code elsewhere} says no other worker could run it (none is left where it has not failed). With
     * {@code leavesWhenDry} (a launched worker's slot, which costs money while idle), the end as soon as nothing waits
     * for this worker and no new job can come: a job that comes back later (a retry, a lost attempt) runs on the
     * workers left, or on one launched for it. When no job waits, {@code thief} may choose one queued behind another
     * slot's running job ({@link Take#steal}): the slot takes it back from its worker ({@link Thief#takeBack}) and
     * hands what it got to {@link #stolen}.
     */
    Take take(String worker, BooleanSupplier wanted, boolean leavesWhenDry, Predicate<QueuedJob> elsewhere,
              Thief thief, Waiter waiter) {
        lock.lock();
        try {
            stopWaiting(waiter);
            if (stopped || !wanted.getAsBoolean()) return Take.END;
            QueuedJob job = pick(worker, elsewhere);
            if (job != null) {
                inFlight++;
                return new Take(job, null, false);
            }
            Ahead chosen = thief == null ? null : thief.choose();
            if (chosen != null) return new Take(null, chosen, false);
            if (feedEnded && inFlight == 0 && again.isEmpty()) return Take.END;
            if (leavesWhenDry && feedEnded) return Take.END;
            waiting++;
            waiter.counted = true;
            waiters.add(waiter);
            return Take.WAIT;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a slot got back from the worker of the job {@link #take} chose for it: null (it had started, or another
     * took it) makes the slot ask {@link #take} again; a job is the slot's to run (it stays in flight, now on this
     * worker), unless the queue stopped or the slot is no longer wanted meanwhile (the job goes back, the end).
     */
    Take stolen(QueuedJob job, BooleanSupplier wanted) {
        if (job == null) return null;
        lock.lock();
        try {
            if (stopped || !wanted.getAsBoolean()) {
                giveBack(job);
                return Take.END;
            }
            return new Take(job, null, false);
        } finally {
            lock.unlock();
        }
    }

    /** The slot no longer waits (it asks again, or it ended). */
    void stopWaiting(Waiter waiter) {
        lock.lock();
        try {
            if (!waiter.counted) return;
            waiter.counted = false;
            waiting--;
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: tells every waiting slot to look again. */
    private void changed() {
        if (waiters.isEmpty()) return;
        List<Waiter> told = new ArrayList<>(waiters);
        waiters.clear();
        // why under the lock: onChange only hands the slot's next step to a pool, it never calls back in here
        for (Waiter w : told) w.onChange.run();
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
            changed();
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
            changed();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing more is handed out; jobs still waiting stay pending in the session. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed();
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
            changed();
        } finally {
            lock.unlock();
        }
    }
}
