package org.cloudtask.jenkins.support;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cloudtask.core.engine.Summary;

/**
 * Runs the engine on a thread of its own and turns an interrupt of the caller (a Jenkins abort interrupts the
 * executor or step thread) into the engine's orderly abort: running jobs killed, launched workers destroyed, session
 * saved. The caller then waits for the engine to finish cleaning up; a second interrupt asks for a faster abort.
 */
public final class EngineCall {

    private static final long POLL_SECONDS = 1;

    private EngineCall() {
    }

    /**
     * @param threadName the engine thread's name, e.g. {@code cloudtask-jenkins-job-12}
     * @param run        the engine's run, resume or retry
     * @param abort      the engine's abort (may be called more than once)
     * @return the engine's summary; if the caller was interrupted, the engine was aborted, the summary says
     *         {@code aborted()} and the caller's interrupt flag is set again
     * @throws ExecutionException when the engine threw (a {@code CloudTaskException} is the user's to fix)
     */
    public static Summary run(String threadName, Callable<Summary> run, Runnable abort)
            throws ExecutionException {
        FutureTask<Summary> task = new FutureTask<>(run);
        Thread engine = new Thread(task, threadName);
        engine.setDaemon(true);
        engine.start();
        boolean interrupted = false;
        while (true) {
            try {
                Summary summary = task.get(POLL_SECONDS, TimeUnit.SECONDS);
                if (interrupted) Thread.currentThread().interrupt();
                return summary;
            } catch (TimeoutException stillRunning) {
                // keep waiting: the engine has its own timeouts for every job and worker
            } catch (InterruptedException e) {
                // why: abort, then keep waiting so that no launched worker outlives the build
                interrupted = true;
                abort.run();
            }
        }
    }
}
