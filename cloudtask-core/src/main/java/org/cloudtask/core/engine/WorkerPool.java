package org.cloudtask.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.concurrent.WorkerThreads;
import org.cloudtask.core.worker.RunningCommand;

/** The workers of a run and the threads that run their lives; workers join while the run goes on (launches). */
final class WorkerPool {

    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Adds a worker and starts {@code life} for it on a thread of its own. */
    synchronized void start(Worker worker, Runnable life) {
        workers.add(worker);
        Thread t = WorkerThreads.unstarted("cloudtask-worker-" + worker.name(), life);
        threads.add(t);
        t.start();
    }

    /** A worker thread still running, or null. */
    synchronized Thread anyAlive() {
        for (Thread t : threads) {
            if (t.isAlive()) return t;
        }
        return null;
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
