package org.cloudtask.core.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a job is. {@link #allows} is the one table of allowed moves:
 *
 * <pre>
 *   PENDING   -> RUNNING
 *   RUNNING   -> SUCCEEDED | FAILED | TIMED_OUT   (final result, on disk)
 *   RUNNING   -> PENDING                          (retry, aborted, worker lost or retired)
 *   FAILED    -> PENDING                          (--retry of the session)
 *   TIMED_OUT -> PENDING                          (--retry of the session)
 * </pre>
 *
 * A job that succeeded never runs again.
 */
public enum JobState {
    PENDING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT;

    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            PENDING, EnumSet.of(RUNNING),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, PENDING),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.of(PENDING),
            TIMED_OUT, EnumSet.of(PENDING));

    public boolean allows(JobState to) {
        return ALLOWED.get(this).contains(to);
    }

    /** A state with a result that a resume does not run again. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }

    private static final JobState[] VALUES = values();

    static JobState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
