package org.cloudtask.core.engine;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.cloudtask.core.session.AppendFile;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.worker.RunningCommand;

/**
 * One of a worker's slots: a thread that takes jobs from the queue one after another, runs each, and decides what its
 * result means for the job (final, retry, run again elsewhere) and for the worker (strikes). Its attempts' output goes
 * to one file, {@code output/<run>-<slot>}, one attempt after the other.
 */
final class Slot implements Runnable {

    private final TaskRun run;
    private final Worker worker;
    private final AppendFile output;
    private final String outputName;
    private final BooleanSupplier wanted;
    private final Lookahead lookahead;
    private final Wakeup wakeup = new Wakeup();

    Slot(TaskRun run, Worker worker, int number) throws IOException {
        this.run = run;
        this.worker = worker;
        this.output = run.session().newOutput(number);
        this.outputName = Session.outputName(run.session().run(), number);
        this.wanted = () -> worker.active() && !run.aborting() && run.journalWorks();
        this.lookahead = new Lookahead(run, worker, this::sink, wanted, wakeup);
    }

    @Override
    public void run() {
        run.watchSlot(wakeup);
        try {
            QueuedJob job;
            boolean leavesWhenDry = worker.launched() != null;
            while ((job = run.queue().take(worker.name(), wanted, leavesWhenDry,
                    waiting -> run.otherWorkerCanRun(worker, waiting), lookahead.thief())) != null) {
                Ahead next = runGuarded(job, null);
                while (next != null) next = runGuarded(next.job(), next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run.unwatchSlot(wakeup);
        }
    }

    /**
     * Runs one job ({@code queued}: handed to the worker ahead of time, else started here) and returns the job queued
     * behind it, if any; if something unexpected breaks (an engine or transport bug), the slot stops and its jobs
     * are released so the run can end instead of waiting for them forever.
     */
    private Ahead runGuarded(QueuedJob job, Ahead queued) throws InterruptedException {
        try {
            return runOne(job, queued);
        } catch (RuntimeException e) {
            run.queue().finished(job, false);
            run.workerFailed(worker, "internal error while running job " + job.id() + ": " + e);
            lookahead.takeBack();
            Ahead stuck = lookahead.takeNext();
            if (stuck != null) abandon(stuck);
            throw e;
        }
    }

    /**
     * The job queued behind the last one, which its worker did not give back, when this slot stops after an internal
     * error: it is killed (or withdrawn, if it has not started), and goes back to the queue; if its start was reported
     * it is recorded as lost first, so no start on a worker goes unrecorded.
     */
    private void abandon(Ahead stuck) throws InterruptedException {
        QueuedJob job = stuck.job();
        run.aheads().remove(stuck);
        long offset = stuck.sink().startsAt();
        stuck.sink().close();
        run.killQuietlyLater(stuck.command());
        java.util.OptionalLong start;
        try {
            start = stuck.command().awaitStart(java.time.Duration.ZERO);
        } catch (org.cloudtask.core.worker.WorkerLostException | RuntimeException e) {
            start = java.util.OptionalLong.empty();
        }
        if (start.isPresent()) {
            long at = start.getAsLong();
            run.recorder().started(job, worker.name(), outputName, offset, -1, at);
            run.recorder().finished(job, worker.name(), at, Result.LOST, Disposition.AGAIN,
                    "its slot stopped after an internal error, will run again", outputName, offset, 0);
            job.nextAttempt(false);
            run.queue().finished(job, true);
        } else if (stuck.neverStarted()) {
            run.queue().giveBack(job);
        }
    }

    private Ahead runOne(QueuedJob job, Ahead queued) throws InterruptedException {
        Attempt attempt = new Attempt(run, worker, job, lookahead, wakeup);
        AttemptSink sink;
        RunningCommand command;
        long start;
        if (queued == null) {
            sink = sink(job);
            start = System.currentTimeMillis();
            command = attempt.start(sink);
            if (command == null) {
                run.queue().finished(job, true);
                return null;
            }
        } else {
            start = lookahead.awaitStart(queued);
            if (start < 0) return null;
            sink = queued.sink();
            command = queued.command();
        }
        long offset = sink.startsAt();
        run.recorder().started(job, worker.name(), outputName, offset, processGroup(command), start);
        Result result = attempt.watch(command, start);
        // why close first: bytes of a killed job that straggle in later are dropped, never counted in the range of
        // the job queued behind it (whose range begins at its first byte, or here if it printed nothing yet)
        IOException outputFailure = sink.close();
        long end = lookahead.currentOutputEnd(output.size());
        if (worker.launched() != null) run.cloudUse().busy(System.currentTimeMillis() - start);
        if (outputFailure != null) {
            run.recorder().line(worker.name() + ": could not store the output of job " + job.id() + ": "
                    + outputFailure.getMessage());
        }
        if (result.status() != null || result == Result.TIMEOUT) {
            if (!run.settings().returns().isEmpty() && !worker.failed()) new ReturnedFiles(run, worker, job).copy();
        }
        Disposition disposition = dispose(job, result);
        String why = explain(job, result, disposition);
        run.recorder().finished(job, worker.name(), start, result, disposition, why, outputName, offset, end - offset);
        if (disposition == Disposition.FINAL) run.finalResult(result.failure());
        boolean requeue = disposition != Disposition.FINAL && result != Result.ABORTED;
        if (disposition == Disposition.RETRY) job.failedOn(worker.name());
        job.nextAttempt(disposition == Disposition.RETRY);
        run.queue().finished(job, requeue);
        return lookahead.takeNext();
    }

    private AttemptSink sink(QueuedJob job) {
        return new AttemptSink(output, run.events(), job.id(), job.attempt(), worker.name());
    }

    private Disposition dispose(QueuedJob job, Result result) {
        if (result.succeeded()) {
            worker.succeeded();
            return Disposition.FINAL;
        }
        if (!result.failure()) return Disposition.AGAIN;
        if (worker.strike(run.settings().strikes())) {
            run.workerRetired(worker);
            return Disposition.AGAIN;
        }
        if (job.retriesUsed() < run.settings().retries() && !run.aborting()) return Disposition.RETRY;
        return Disposition.FINAL;
    }

    private String explain(QueuedJob job, Result result, Disposition disposition) {
        if (disposition == Disposition.RETRY) {
            return "will retry (" + (job.retriesUsed() + 1) + " of " + run.settings().retries() + ")";
        }
        if (disposition == Disposition.FINAL || result == Result.ABORTED) return null;
        if (result == Result.LOST) return "worker failed, will run again";
        if (result == Result.PREEMPTED) return "worker preempted (spot interruption notice), will run again";
        return "worker retired after " + run.settings().strikes() + " consecutive failures, will run again";
    }

    private static long processGroup(RunningCommand command) {
        return command.localProcessGroup().orElse(-1);
    }
}
