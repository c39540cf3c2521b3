package org.cloudtask.core.engine;

import java.util.HashSet;
import java.util.Set;
import org.cloudtask.core.job.Job;
import org.cloudtask.core.session.JobsList.StoredJob;

/** A job waiting for or running on a worker, with what its next attempt needs to know. Only these are in memory. */
final class QueuedJob {

    private final StoredJob stored;
    private int attempt;
    private int retriesUsed;
    private Set<String> failedOn;

    QueuedJob(StoredJob stored, int attempt, int retriesUsed) {
        this.stored = stored;
        this.attempt = attempt;
        this.retriesUsed = retriesUsed;
    }

    Job job() { return stored.job(); }
    long id() { return stored.job().id(); }
    long jobsOffset() { return stored.jobsOffset(); }
    /** The number of the attempt about to run or running, from 1. */
    int attempt() { return attempt; }
    int retriesUsed() { return retriesUsed; }

    void nextAttempt(boolean usesRetry) {
        attempt++;
        if (usesRetry) retriesUsed++;
    }

    synchronized void failedOn(String worker) {
        if (failedOn == null) failedOn = new HashSet<>();
        failedOn.add(worker);
    }

    synchronized boolean hasFailedOn(String worker) {
        return failedOn != null && failedOn.contains(worker);
    }
}
