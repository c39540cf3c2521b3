package org.cloudtask.jenkins.support;

import java.time.Duration;
import java.time.Instant;
import org.cloudtask.core.engine.AttemptEvent;

/**
 * One row of a build's job table: the last attempt of a job and the build that ran it.
 *
 * @param result {@code EXIT=<n>}, {@code TIMEOUT}, {@code ABORTED} or {@code LOST}, as the engine reports it, or
 *               {@code FAILED TO BUILD: <why>} for a job whose input line could not become a job (attempt 0, it never
 *               ran)
 * @param build  the number of the build that ran this attempt (an earlier one for results carried over)
 */
public record JobRecord(long jobId, int attempt, String input, String worker, String result, Instant started,
                        Duration duration, int build) {

    public static JobRecord of(AttemptEvent event, int build) {
        Duration duration = Duration.between(event.started(), event.finished());
        return new JobRecord(event.jobId(), event.attempt(), event.input(), event.worker(), event.result(),
                event.started(), duration, build);
    }

    /** How the result of a job that failed to build begins; the reason follows. */
    public static final String FAILED_TO_BUILD = "FAILED TO BUILD: ";

    /** The row of a job whose input line could not become a job: it failed without running, on no worker. */
    public static JobRecord failedToBuild(long jobId, String input, String reason, Instant when, int build) {
        return new JobRecord(jobId, 0, input, "-", FAILED_TO_BUILD + reason, when, Duration.ZERO, build);
    }

    public boolean succeeded() {
        return "EXIT=0".equals(result);
    }

    public boolean timedOut() {
        return "TIMEOUT".equals(result);
    }

    /** A job that failed to build: never run, and never run by a resume either (its input line stays bad). */
    public boolean neverRuns() {
        return result != null && result.startsWith(FAILED_TO_BUILD);
    }

    /** A result that a resume keeps: the job ran to an end. Aborted and lost attempts leave the job pending. */
    public boolean isFinal() {
        return succeeded() || timedOut() || neverRuns() || (result != null && result.startsWith("EXIT="));
    }
}
