package org.cloudtask.core.engine;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every slot of a run shares. A slot holds no thread while it waits (for work, for its command's end, for
 * its queued job's start): its steps run here when there is news (see {@link SlotSteps}). Why: a thousand workers
 * then cost the controller their thousand SSH connection readers and these few threads, not a thread per slot.
 *
 * <ul>
 *   <li>{@link #steps()}: a fixed pool for steps that never wait on a worker (take a job, start it, record its end);
 *   <li>{@link #blocking()}: a pool that grows while something must wait on a worker (a kill's grace, a withdrawal's
 *       answer, copying files back) and shrinks after, so that no step waits behind a worker that does not answer;
 *   <li>one timer thread: deadlines (a job's timeout, the give-up on a failed worker's queued job) and the health
 *       watch's pings.
 * </ul>
 */
final class Dispatch {

    private static final int STEP_THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final ThreadPoolExecutor steps;
    private final ThreadPoolExecutor blocking;
    private final ScheduledThreadPoolExecutor timer;

    Dispatch() {
        steps = new ThreadPoolExecutor(STEP_THREADS, STEP_THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("cloudtask-dispatch"));
        // why: an idle run keeps no step thread
        steps.allowCoreThreadTimeOut(true);
        blocking = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("cloudtask-blocking"));
        timer = new ScheduledThreadPoolExecutor(1, daemon("cloudtask-timer"));
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        // why: a job that ends before its timeout cancels it; cancelled deadlines must not pile up
        timer.setRemoveOnCancelPolicy(true);
    }

    Executor steps() {
        return steps;
    }

    Executor blocking() {
        return blocking;
    }

    /**
     * The run's one timer thread: deadlines, and the health watch's pings (why one: each costs an OS thread, and
     * neither does more on it than start or count something).
     */
    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    /** Runs {@code task} on the timer after {@code delay}; null once the run is over. */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        try {
            return timer.schedule(task, Math.max(1, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** The run is over: every slot has ended. (Unstopped, the threads end by themselves once idle for 5 s.) */
    void stop() {
        timer.shutdownNow();
        steps.shutdown();
        blocking.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
