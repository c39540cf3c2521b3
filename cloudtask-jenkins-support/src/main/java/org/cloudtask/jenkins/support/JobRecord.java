package org.cloudtask.jenkins.support;

import java.time.Duration;
import java.time.Instant;
import org.cloudtask.core.engine.AttemptEvent;

/**
 * One row of a build's job table: the last attempt of a job and the build that ran it.
 *
 * @param result {@code EXIT=<n>}, {@code TIMEOUT}, {@code ABORTED} or {@code LOST}, as the engine reports it
 * @param build  the number of the build that ran this attempt (an earlier one for results carried over)
 */
public record JobRecord(long jobId, int attempt, String input, String worker, String result, Instant started,
                        Duration duration, int build) {

    public static JobRecord of(AttemptEvent event, int build) {
        Duration duration = Duration.between(event.started(), event.finished());
        return new JobRecord(event.jobId(), event.attempt(), event.input(), event.worker(), event.result(),
                event.started(), duration, build);
    }

    public boolean succeeded() {
        return "EXIT=0".equals(result);
    }

    public boolean timedOut() {
        return "TIMEOUT".equals(result);
    }

    /** A result that a resume keeps: the job ran to an end. Aborted and lost attempts leave the job pending. */
    public boolean isFinal() {
        return succeeded() || timedOut() || (result != null && result.startsWith("EXIT="));
    }
}
