package org.cloudtask.core.session;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.cloudtask.core.job.Job;
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

    private final boolean commentsSkipped;

    /**
     * @param commentsSkipped whether the session's input mode skips {@code #} comment lines: then a job that failed
     *                        to build gets its problem as a comment line just above its input line
     */
    FailedInputs(Path sessionDir, JobsList jobs, boolean commentsSkipped) {
        this.file = sessionDir.resolve("failed");
        this.jobs = jobs;
        this.commentsSkipped = commentsSkipped;
    }

    /** Appends one failed job's input line; called once its result is on disk. */
    public synchronized void add(Job job) throws IOException {
        if (appending == null) appending = new AppendFile(file, 4096);
        appending.append(entry(job));
        appending.flush();
    }

    private byte[] entry(Job job) {
        byte[] input = jobs.record(job.input());
        if (!commentsSkipped || !job.failedToBuild()) return input;
        byte[] comment = jobs.record("# job " + job.id() + " failed to build: " + job.buildProblem().replace('\n', ' '));
        byte[] both = java.util.Arrays.copyOf(comment, comment.length + input.length);
        System.arraycopy(input, 0, both, comment.length, input.length);
        return both;
    }

    /** Replaces the file with the inputs of every failed or timed-out job, in job order. */
    public synchronized void rewrite(JobStates states) throws IOException {
        close();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long count = Math.min(states.size(), jobs.count());
        for (long id = 1; id <= count; id++) {
            JobState state = states.get(id);
            if (state == JobState.FAILED || state == JobState.TIMED_OUT) {
                content.writeBytes(entry(jobs.read(id).job()));
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
