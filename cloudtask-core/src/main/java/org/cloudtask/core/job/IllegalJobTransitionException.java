package org.cloudtask.core.job;

/** A job was asked to move between states that the state table does not connect: an engine bug, never user error. */
public class IllegalJobTransitionException extends IllegalStateException {

    private final long jobId;
    private final JobState from;
    private final JobState to;

    public IllegalJobTransitionException(long jobId, JobState from, JobState to) {
        super("job " + jobId + " cannot move from " + from + " to " + to);
        this.jobId = jobId;
        this.from = from;
        this.to = to;
    }

    public long jobId() { return jobId; }
    public JobState from() { return from; }
    public JobState to() { return to; }
}
