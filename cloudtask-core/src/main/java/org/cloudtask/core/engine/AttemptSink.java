package org.cloudtask.core.engine;

import java.io.IOException;
import org.cloudtask.core.session.AppendFile;
import org.cloudtask.core.worker.OutputSink;

/**
 * Streams one attempt's output into its slot's output file. Once the attempt is recorded the sink is closed: output
 * that straggles in later (a process that escaped the kill) is dropped rather than mixed into the next attempt's.
 * A write that fails (disk full) is remembered, not thrown, so the command's output keeps being drained.
 */
final class AttemptSink implements OutputSink {

    private final AppendFile file;
    private final TaskEvents events;
    private final long jobId;
    private final int attempt;
    private final String worker;
    private boolean closed;
    private IOException failure;
    private long startOffset = -1;

    /** Also passes the output on to {@code events} (live output), tagged with the attempt. */
    AttemptSink(AppendFile file, TaskEvents events, long jobId, int attempt, String worker) {
        this.file = file;
        this.events = events;
        this.jobId = jobId;
        this.attempt = attempt;
        this.worker = worker;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (closed) return;
        startsNow();
        events.output(jobId, attempt, worker, bytes, offset, length);
        if (failure != null) return;
        try {
            file.append(bytes, offset, length);
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Where this attempt's output begins in the file: fixed by its first byte, or now if none came yet. Why: a job
     * queued behind another may print before its slot gets to record it; everything before is the previous job's.
     */
    synchronized long startsAt() {
        return startsNow();
    }

    private long startsNow() {
        if (startOffset < 0) startOffset = file.size();
        return startOffset;
    }

    /** Stops accepting output; returns why output could not be stored, or null. */
    synchronized IOException close() {
        if (!closed) events.outputEnded(jobId, attempt, worker);
        closed = true;
        return failure;
    }
}
