package org.cloudtask.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.concurrent.WorkerThreads;
import org.cloudtask.core.worker.RunningCommand;

/**
 * The workers of a run and their lives; workers join while the run goes on (launches). A life starts on a thread of
 * its own (connecting and setting up wait on the worker), which ends once the worker's slots have started, and the
 * life ends when its worker has left ({@link #ended}). Listed workers' lives start at most {@code connectsAtOnce} at
 * a time, the next as a thread ends. Why: a thousand listed workers would otherwise each hold a thread while waiting
 * for their turn to connect, on top of the connection readers of those already joined. Launched workers start at
 * once: they come one by one as the cloud readies them, and may wait minutes for a booting machine.
 */
final class WorkerPool {

    private final List<Worker> workers = new ArrayList<>();
    private final int connectsAtOnce;
    private final ArrayDeque<Thread> waitingToStart = new ArrayDeque<>();
    private int connecting;
    private int living;

    WorkerPool(int connectsAtOnce) {
        this.connectsAtOnce = Math.max(1, connectsAtOnce);
    }

    /** Adds a worker and starts {@code life} for it on a thread of its own, now or in turn; {@link #ended} must follow. */
    synchronized void start(Worker worker, Runnable life) {
        workers.add(worker);
        living++;
        if (worker.launched() != null) {
            startOrForget(WorkerThreads.unstarted("cloudtask-worker-" + worker.name(), life));
            return;
        }
        Thread t = WorkerThreads.unstarted("cloudtask-worker-" + worker.name(), () -> {
            try {
                life.run();
            } finally {
                connected();
            }
        });
        if (connecting >= connectsAtOnce) {
            waitingToStart.add(t);
            return;
        }
        connecting++;
        startOrForget(t);
    }

    /** A listed worker's thread ended: the next one waiting starts. */
    private synchronized void connected() {
        connecting--;
        Thread next;
        while ((next = waitingToStart.poll()) != null) {
            connecting++;
            try {
                startOrForget(next);
                return;
            } catch (RuntimeException | Error e) {
                connecting--; // why: on this ending thread nobody could act on it; that worker just never joins
            }
        }
    }

    /** why: a life whose thread cannot start (the system is out of threads) never runs, and must not be waited for */
    private void startOrForget(Thread t) {
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            living--;
            notifyAll();
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
