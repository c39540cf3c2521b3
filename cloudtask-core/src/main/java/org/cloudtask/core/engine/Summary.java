package org.cloudtask.core.engine;

import java.time.Duration;

/**
 * How a run of a task ended. Counts are over the whole session (jobs finished by earlier runs included).
 *
 * @param sessionId the session's id
 * @param elapsed   wall-clock time of this run
 * @param total     jobs in the session
 * @param ok        jobs that exited 0
 * @param failed    jobs that exited non-zero (timeouts not included)
 * @param timeouts  jobs whose last attempt timed out
 * @param pending   jobs without a final result (never started, aborted, lost with nowhere left to run)
 * @param lost      attempts in this run that were cut short by a worker's failure and re-queued (not failures)
 * @param aborted   this run was stopped by a signal or an abort request
 * @param stopReason why the run stopped before every job had a result (all workers retired, halt), or null
 * @param inputIncomplete the session's input was never read to its end (a second abort, a read error): lines of it
 *                        are missing from the session, so the run is not a success even if every job in it is
 */
public record Summary(long sessionId, Duration elapsed, long total, long ok, long failed, long timeouts, long pending,
                      long lost, boolean aborted, String stopReason, boolean inputIncomplete) {

    public Summary(long sessionId, Duration elapsed, long total, long ok, long failed, long timeouts, long pending,
                   long lost, boolean aborted, String stopReason) {
        this(sessionId, elapsed, total, ok, failed, timeouts, pending, lost, aborted, stopReason, false);
    }

    /**
     * 0 when every job exited 0; 1 when some failed (jobs that failed to build included), timed out or remain pending,
     * or input lines are missing from the session. Aborts are the front end's.
     */
    public int exitCode() {
        return ok == total && !inputIncomplete ? 0 : 1;
    }
}
