package org.cloudtask.jenkins;

import hudson.init.Terminator;
import java.time.Duration;
import java.util.logging.Logger;
import org.cloudtask.jenkins.support.RunningEngines;
import org.cloudtask.core.text.Counted;

/**
 * Stops running tasks in order when the controller shuts down without waiting for them (a safe restart waits: the
 * step blocks it). Jobs are killed, launched instances terminated and sessions saved and unlocked, so that after the
 * restart the step fails with a clear message and a re-run resumes, with nothing left running meanwhile.
 *
 * <p>why public: core's {@code TaskMethodFinder.invoke} (2.504.3) calls {@code Method.invoke} without
 * {@code setAccessible}, so a {@code @Terminator} in a package-private class fails with IllegalAccessException.
 */
public final class ControllerShutdown {

    static final RunningEngines RUNNING = new RunningEngines();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Logger LOGGER = Logger.getLogger(ControllerShutdown.class.getName());

    private ControllerShutdown() {
    }

    @Terminator
    public static void abortRunningTasks() throws InterruptedException {
        int left = RUNNING.abortAll(WAIT);
        if (left > 0) {
            LOGGER.warning(Counted.of(left, "cloudtask task") + " had not finished aborting after " + WAIT.toSeconds()
                    + " s; their sessions are resumable and launched instances are terminated by the next resume");
        }
    }
}
