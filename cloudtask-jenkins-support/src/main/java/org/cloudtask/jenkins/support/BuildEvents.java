package org.cloudtask.jenkins.support;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.TaskEvents;

/**
 * The engine's events as a build sees them: the status lines and summary go to the build's console exactly as the
 * command line prints them; each finished attempt becomes a row of the build's job table.
 */
public final class BuildEvents implements TaskEvents {

    private final PrintStream console;
    private final JobTable table;
    private final int buildNumber;
    private final AtomicLong attemptsFinished = new AtomicLong();

    public BuildEvents(PrintStream console, JobTable table, int buildNumber) {
        this.console = console;
        this.table = table;
        this.buildNumber = buildNumber;
    }

    @Override
    public void log(String line) {
        // why: engine threads call this concurrently; a PrintStream's println is atomic per line
        console.println(line);
    }

    @Override
    public void attemptFinished(AttemptEvent event) {
        if (event.finished() == null) return;
        table.append(JobRecord.of(event, buildNumber));
        attemptsFinished.incrementAndGet();
    }

    @Override
    public void jobFailedToBuild(long jobId, String input, String reason) {
        // why a row: the build page's job table and the JUnit report list every job with its result, and this job
        // has no attempt that would give it one
        table.append(JobRecord.failedToBuild(jobId, input, reason, Instant.now(), buildNumber));
    }

    /** Attempts that ended in this build (retries included). */
    public long attemptsFinished() {
        return attemptsFinished.get();
    }
}
