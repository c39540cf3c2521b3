package org.cloudtask.core.job;

import java.util.Objects;

/**
 * One job of a task: a stable id (input order, from 1), the input line as given, and the command it runs. Only jobs
 * that are queued or running are held in memory; the session files hold the rest.
 */
public record Job(long id, String input, String command) {

    public Job {
        if (id < 1) throw new IllegalArgumentException("job ids start at 1: " + id);
        Objects.requireNonNull(command, "command");
    }
}
