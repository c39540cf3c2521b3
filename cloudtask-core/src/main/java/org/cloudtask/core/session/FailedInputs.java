package org.cloudtask.core.session;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;

/**
 * The session's {@code failed} file: the input lines of the jobs whose result is a failure or a timeout, one per line,
 * as given, so that {@code cloudtask CMD < DIR/<id>/failed} runs them again. It is rewritten from the job states (which
 * come from the durable journal) when a run starts and ends, and a line is appended as each failure becomes durable,
 * so after a crash it may lag by the last failures until the next resume rewrites it.
 */
public final class FailedInputs implements Closeable {

    private final Path file;
    private final JobsList jobs;
    private AppendFile appending;

    FailedInputs(Path sessionDir, JobsList jobs) {
        this.file = sessionDir.resolve("failed");
        this.jobs = jobs;
    }

    /** Appends one failed job's input line; called once its result is on disk. */
    public synchronized void add(String input) throws IOException {
        if (appending == null) appending = new AppendFile(file, 4096);
        appending.append(jobs.record(input));
        appending.flush();
    }

    /** Replaces the file with the inputs of every failed or timed-out job, in job order. */
    public synchronized void rewrite(JobStates states) throws IOException {
        close();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long count = Math.min(states.size(), jobs.count());
        for (long id = 1; id <= count; id++) {
            JobState state = states.get(id);
            if (state == JobState.FAILED || state == JobState.TIMED_OUT) {
                content.writeBytes(jobs.record(jobs.read(id).job().input()));
            }
        }
        PrivateFiles.writeAtomically(file, content.toByteArray());
    }

    @Override
    public synchronized void close() throws IOException {
        if (appending == null) return;
        appending.close();
        appending = null;
    }
}
