package org.cloudtask.core.job;

import java.util.Objects;

/**
 * One job of a task: a stable id (input order, from 1), the input line as given, and the command it runs. Only jobs
 * that are queued or running are held in memory; the session files hold the rest.
 */
public record Job(long id, String input, String command) {

    /**
     * How the stored command of a job that failed to build begins (its input line could not become a job); the
     * problem follows. A shell would take it for a comment, but such a job never runs.
     */
    public static final String BUILD_FAILED = "# failed to build: ";

    /** A job for an input line that could not become one; {@code problem} says why. */
    public static Job buildFailed(long id, String input, String problem) {
        return new Job(id, input, BUILD_FAILED + problem);
    }

    /** Whether this job's input line could not become a job; it never runs. */
    public boolean failedToBuild() {
        return command.startsWith(BUILD_FAILED);
    }

    /** Why this job failed to build, or null. */
    public String buildProblem() {
        return failedToBuild() ? command.substring(BUILD_FAILED.length()) : null;
    }

    public Job {
        if (id < 1) throw new IllegalArgumentException("job ids start at 1: " + id);
        Objects.requireNonNull(command, "command");
    }
}
