package org.cloudtask.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.concurrent.WorkerThreads;
import org.cloudtask.core.worker.RunningCommand;

/**
 * The workers of a run and their lives; workers join while the run goes on (launches). A life starts on a thread of
 * its own (connecting and setting up wait on the worker) and ends when its worker has left ({@link #ended}).
 */
final class WorkerPool {

    private final List<Worker> workers = new ArrayList<>();
    private int living;

    /** Adds a worker and starts {@code life} for it on a thread of its own; {@link #ended} must follow. */
    synchronized void start(Worker worker, Runnable life) {
        workers.add(worker);
        Thread t = WorkerThreads.unstarted("cloudtask-worker-" + worker.name(), life);
        living++;
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            living--;
            throw e;
        }
    }

    /** A worker's life is over: it has left the pool, its connection closed. */
    synchronized void ended() {
        living--;
        notifyAll();
    }

    /** Waits up to {@code millis} for every life to end; true when none is left. */
    synchronized boolean awaitNoneLiving(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        while (living > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized boolean anyLiving() {
        return living > 0;
    }

    /** Whether a worker still in the pool matches {@code which}. */
    synchronized boolean anyActive(java.util.function.Predicate<Worker> which) {
        for (Worker w : workers) {
            if (w.active() && which.test(w)) return true;
        }
        return false;
    }

    /** The commands running now on every worker, copied, so that nobody acts on them while holding this lock. */
    synchronized List<RunningCommand> running() {
        List<RunningCommand> all = new ArrayList<>();
        for (Worker w : workers) all.addAll(w.running());
        return all;
    }
}
