package org.cloudtask.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerLostException;

/**
 * Bounds each blocking step on a channel whose calls wait for the worker without a timeout of their own (JSch's SFTP):
 * when a step takes longer than the timeout, {@code onStall} runs (it disconnects the channel, which makes the step
 * fail at once) and the step's failure becomes a {@link WorkerLostException}. Every guard shares one timer thread
 * (why: a guard per file copied back would otherwise cost a thread per connection copying).
 */
final class StallGuard implements AutoCloseable {

    /** One blocking call. */
    interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private final Duration timeout;
    private final String workerName;
    private final String what;
    private final Runnable onStall;
    private static final ScheduledThreadPoolExecutor TIMER = sharedTimer();
    private volatile boolean stalled;
    private volatile boolean closed;

    /** {@code what} names the channel in the message ("SFTP"). */
    StallGuard(Duration timeout, String workerName, String what, Runnable onStall) {
        this.timeout = timeout;
        this.workerName = workerName;
        this.what = what;
        this.onStall = onStall;
    }

    private static ScheduledThreadPoolExecutor sharedTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "cloudtask-stall-guard");
            thread.setDaemon(true);
            return thread;
        });
        // why: every read schedules an alarm and cancels it; cancelled ones must not pile up until they expire
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code step}; if it fails after taking longer than the timeout, throws a WorkerLostException instead. */
    <T, E extends Exception> T step(Step<T, E> step) throws E, IOException {
        if (stalled) throw lost(null);
        if (closed) throw new IOException("the " + what + " channel to " + workerName + " is closed");
        long started = System.nanoTime();
        ScheduledFuture<?> alarm = TIMER.schedule(this::stall, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return step.run();
        } catch (Exception e) {
            // why the clock too: a step with a timeout of its own (JSch's channel open) may fail at the same moment,
            // before the alarm has run
            if (stalled || System.nanoTime() - started >= timeout.toNanos()) throw lost(e);
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private void stall() {
        stalled = true;
        onStall.run();
    }

    private WorkerLostException lost(Exception cause) {
        return new WorkerLostException(workerName + " stopped answering: no " + what + " reply within "
                + timeout.toSeconds() + " s (--connect-timeout)", cause);
    }

    @Override
    public void close() {
        closed = true;
    }
}
