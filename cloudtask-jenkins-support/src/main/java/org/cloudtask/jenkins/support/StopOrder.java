package org.cloudtask.jenkins.support;

import java.util.concurrent.Callable;

/**
 * The order in which a Pipeline stop ends a {@code cloudtask} step. The first stop is the engine's gentle abort (no
 * new job, running jobs killed after the kill grace, launched workers destroyed, session saved); the step then ends
 * only after the engine has finished it, failing with that stop's cause. A second stop is the engine's hard kill (no
 * grace). Stops that come before the engine exists are handed to it as soon as it does.
 *
 * <p>why: Pipeline's {@code SynchronousNonBlockingStepExecution.stop} (workflow-step-api 710) interrupts the step's
 * thread and reports the failure at once, so the build ended before the cleanup, and the interrupt was the engine's
 * second abort, so the kill grace never applied. The step's {@code stop} calls {@link #stop} instead.
 */
public final class StopOrder {

    private Runnable engineAbort;
    private Throwable cause;
    private int stops;
    private int delivered;

    /** A stop: never blocks (Pipeline calls it on its own thread); the step's work sees it and winds down. */
    public void stop(Throwable stopCause) {
        Runnable abort;
        synchronized (this) {
            stops++;
            if (cause == null) cause = stopCause;
            abort = engineAbort;
            if (abort != null) delivered++;
        }
        if (abort != null) abort.run();
    }

    /** The engine exists: its abort receives every stop from now on, and those that came before, in order. */
    public void engineStarted(Runnable abort) {
        int due;
        synchronized (this) {
            engineAbort = abort;
            due = stops - delivered;
            delivered = stops;
        }
        for (int i = 0; i < due; i++) abort.run();
    }

    /** Whether a stop came. */
    public synchronized boolean stopped() {
        return stops > 0;
    }

    /**
     * Runs the step's work (which starts the engine and waits for it). If a stop came, before or during, this returns
     * only after the work has, and throws the first stop's cause; an error of the work's own is then attached to it.
     */
    public <T> T run(Callable<T> work) throws Exception {
        if (stopped()) throw asException(firstCause());
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            Throwable stopCause = firstCause();
            if (stopCause == null) throw e;
            // why: the engine's own "aborted" is the expected ending; anything else is worth keeping
            if (!(e instanceof InterruptedException) && stopCause != e) stopCause.addSuppressed(e);
            throw asException(stopCause);
        }
        Throwable stopCause = firstCause();
        if (stopCause != null) throw asException(stopCause);
        return result;
    }

    private synchronized Throwable firstCause() {
        return cause;
    }

    private static Exception asException(Throwable t) {
        if (t instanceof Exception e) return e;
        if (t instanceof Error e) throw e;
        return new Exception(t);
    }
}
