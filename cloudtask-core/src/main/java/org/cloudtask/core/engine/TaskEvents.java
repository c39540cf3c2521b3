package org.cloudtask.core.engine;

/**
 * What a running task tells its front end (console, Jenkins build). Every method has a no-op default, may be called
 * from any engine thread, and must return quickly.
 */
public interface TaskEvents {

    TaskEvents NONE = new TaskEvents() { };

    /**
     * A line for the user, exactly as the console shows it and the session log records it: status lines
     * ({@code local-1: exit 0 # echo 1}), worker events, the summary.
     */
    default void log(String line) { }

    /** An attempt of a job started on a worker. */
    default void attemptStarted(AttemptEvent event) { }

    /** An attempt ended; its result is on disk. */
    default void attemptFinished(AttemptEvent event) { }

    /**
     * A job whose input line could not become a job ended as a failure without running; {@code input} is its line,
     * {@code reason} says why (as {@code job 3 failed to build: ...} does). It has no attempt, so no attempt event.
     */
    default void jobFailedToBuild(long jobId, String input, String reason) { }

    /** Counts changed; front ends redraw a progress line from this, rate-limited on their side. */
    default void progress(Progress progress) { }

    /**
     * Bytes a job's attempt printed, as they arrive (for live output such as the CLI's {@code --tag}); called from
     * the transport thread of that attempt, one call at a time per attempt. The bytes must be copied if kept.
     */
    default void output(long jobId, int attempt, String worker, byte[] bytes, int offset, int length) { }

    /** The attempt's output is complete (it ended); comes before its {@link #attemptFinished}. */
    default void outputEnded(long jobId, int attempt, String worker) { }
}
