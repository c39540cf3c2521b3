package org.cloudtask.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.cloudtask.core.input.ShownText;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;
import org.cloudtask.core.local.LocalTransport;
import org.cloudtask.core.session.JobLog;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.session.SessionHistory;

/**
 * Writes what happens to the journal and, once it is on disk, tells the front end: status lines, attempt events,
 * progress. Every console line passes through the journal's committer, so lines keep their order and a job's status
 * line never shows before its result is durable.
 */
final class Recorder {

    private final Session session;
    private final TaskEvents events;
    private final JobStates states;
    private final Tally tally;

    Recorder(Session session, TaskEvents events, JobStates states, Tally tally) {
        this.session = session;
        this.events = events;
        this.states = states;
        this.tally = tally;
    }

    /** A line for the console and the session log, in order with the status lines. */
    void line(String text) {
        session.journal().append(null, () -> show(text));
    }

    /** A line that also leaves a WORKER record in the journal. */
    void worker(String worker, String event, String detail, String text) {
        session.journal().append(JournalRecords.worker(System.currentTimeMillis(), worker, event, detail),
                text == null ? null : () -> show(text));
    }

    void record(String journalText) {
        session.journal().append(journalText, null);
    }

    private void show(String text) {
        session.log(text);
        events.log(text);
    }

    void started(QueuedJob job, String worker, String output, long offset, long pgid, long startMillis) {
        states.start(job.id(), job.attempt());
        tally.running.incrementAndGet();
        String record = JournalRecords.start(job.id(), job.attempt(), startMillis, worker, output, offset, pgid);
        // why at once: a local job's process (pgid known) can be found and killed after a controller crash only
        // through this record; a remote job dies with its connection
        if (pgid >= 0) {
            session.journal().appendNow(record);
        } else {
            session.journal().append(record, null);
        }
        events.attemptStarted(event(job, job.attempt(), worker, startMillis, null, null, false));
    }

    /** Records an attempt's end; the job's state moves now, the world hears of it once it is on disk. */
    void finished(QueuedJob job, String worker, long startMillis, Result result, Disposition disposition,
                  String why, String output, long offset, long length) {
        long endMillis = System.currentTimeMillis();
        JobState to = disposition == Disposition.FINAL ? SessionHistory.finalState(result.text()) : JobState.PENDING;
        states.move(job.id(), to);
        if (disposition == Disposition.RETRY) states.retryUsed(job.id());
        int attempt = job.attempt();
        String signal = result.status() == null ? null : result.status().signal();
        // why now and not once on disk: the slot is free now; counting the job as running until its record is
        // durable showed more running jobs than slots
        tally.running.decrementAndGet();
        tally.finishing.incrementAndGet();
        session.journal().append(JournalRecords.end(job.id(), attempt, endMillis, result.text(),
                disposition.journalName, signal, output, offset, length), () -> {
            if (to == JobState.SUCCEEDED) tally.ok.incrementAndGet();
            if (to == JobState.FAILED) tally.failed.incrementAndGet();
            if (to == JobState.TIMED_OUT) tally.timeouts.incrementAndGet();
            tally.finishing.decrementAndGet();
            if (result == Result.LOST) tally.lost.incrementAndGet();
            if (disposition == Disposition.FINAL) updateJobsFile(job, result);
            if (disposition == Disposition.FINAL && result.failure()) addFailedInput(job);
            if (disposition == Disposition.FINAL) jobLog(job, worker, startMillis, endMillis, result, length);
            show(worker + ": " + result.describe() + (why == null ? "" : ", " + why) + " # " + shown(job));
            events.attemptFinished(event(job, attempt, worker, startMillis, endMillis, result.text(),
                    disposition != Disposition.FINAL && result != Result.ABORTED));
            progress();
        });
    }

    /**
     * A job whose input line could not become a job: it fails at once, without running, and counts like any failure
     * (summary, exit status, {@code failed} file); the status line names its problem.
     */
    void buildFailed(org.cloudtask.core.session.JobsList.StoredJob stored) {
        org.cloudtask.core.job.Job job = stored.job();
        states.failToBuild(job.id());
        session.journal().append(JournalRecords.invalid(job.id(), System.currentTimeMillis(), job.buildProblem()),
                () -> {
                    tally.failed.incrementAndGet();
                    try {
                        // why no jobs-file update: JobsList wrote INVALID with the job
                        session.failed().add(job);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    show(BuildFailures.line(job));
                    events.jobFailedToBuild(job.id(), job.input(), job.buildProblem());
                    progress();
                });
    }

    private void updateJobsFile(QueuedJob job, Result result) {
        try {
            session.jobs().setState(job.jobsOffset(), result.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addFailedInput(QueuedJob job) {
        try {
            session.failed().add(job.job());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the {@code failed} file from the job states; a failure is reported, never fatal to the run. */
    void rewriteFailedInputs() {
        try {
            session.failed().rewrite(states);
        } catch (IOException | RuntimeException e) {
            line("could not write the failed-inputs file of session " + session.id() + ": " + e.getMessage());
        }
    }

    /** The job's line in GNU parallel's format, written for its final attempt only (parallel's --retries do so). */
    private void jobLog(QueuedJob job, String worker, long start, long end, Result result, long received) {
        if (session.jobLog() == null) return;
        boolean signalled = result.status() != null && result.status().signal() != null;
        int exit = result.status() == null ? -1 : signalled ? 0 : Math.floorMod(result.status().code(), 256);
        int signal = result == Result.TIMEOUT || result == Result.ABORTED ? 15 : signalNumber(result);
        String host = LocalTransport.isLocalWorker(worker) ? JobLog.LOCAL_HOST : worker;
        try {
            session.jobLog().add(job.id(), host, start, end - start, received, exit, signal, job.job().command());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int signalNumber(Result result) {
        if (result.status() == null || result.status().signal() == null) return 0;
        return Math.max(0, result.status().code() - 128);
    }

    void progress() {
        if (!tally.progressDue()) return;
        events.progress(progressNow(session.inputComplete()));
    }

    Progress progressNow(boolean inputComplete) {
        long total = session.jobs().count();
        long done = tally.done();
        long running = tally.running.get();
        long finishing = tally.finishing.get();
        return new Progress(total, done, running, Math.max(0, total - done - running - finishing),
                tally.failed.get() + tally.timeouts.get(), tally.rate(), inputComplete);
    }

    private static String shown(QueuedJob job) {
        return ShownText.of(job.job().command());
    }

    private static AttemptEvent event(QueuedJob job, int attempt, String worker, long start, Long end,
                                      String result, boolean willRetry) {
        return new AttemptEvent(job.id(), attempt, job.job().input(), job.job().command(), worker,
                Instant.ofEpochMilli(start), end == null ? null : Instant.ofEpochMilli(end), result, willRetry);
    }
}
