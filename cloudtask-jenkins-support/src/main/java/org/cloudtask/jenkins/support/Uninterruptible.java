package org.cloudtask.jenkins.support;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a call that must not be cut short by an interrupt on a thread of its own, and waits for it even when the
 * caller is interrupted; the caller's interrupt is set again when the call has returned.
 *
 * <p>why: an interrupt during an AWS SDK v2 call makes the SDK throw away the answer it already has
 * ({@code AfterTransmissionExecutionInterceptorsStage} checks the interrupt after the response arrived). For
 * RunInstances that answer holds the ids of instances that now exist and cost money: they would be left running with
 * nobody knowing them. So the launch call is finished, its instances recorded, and only then destroyed.
 */
public final class Uninterruptible {

    private Uninterruptible() {
    }

    /**
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw
     */
    public static <T> T call(String threadName, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // why: keep waiting; the call is bounded by the SDK's own timeouts
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) throw cause;
                    if (e.getCause() instanceof Error error) throw error;
                    throw e;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
