package org.cloudtask.core.engine;

import java.io.IOException;
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

    Slot(TaskRun run, Worker worker, int number) throws IOException {
        this.run = run;
        this.worker = worker;
        this.output = run.session().newOutput(number);
        this.outputName = Session.outputName(run.session().run(), number);
    }

    @Override
    public void run() {
        try {
            QueuedJob job;
            boolean leavesWhenDry = worker.launched() != null;
            while ((job = run.queue().take(worker.name(),
                    () -> worker.active() && !run.aborting() && run.journalWorks(), leavesWhenDry,
                    () -> run.hasOtherActiveWorker(worker))) != null) {
                runGuarded(job);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs one job; if something unexpected breaks (an engine or transport bug), the slot stops and the job is
     * released so the run can end instead of waiting for it forever.
     */
    private void runGuarded(QueuedJob job) throws InterruptedException {
        try {
            runOne(job);
        } catch (RuntimeException e) {
            run.queue().finished(job, false);
            run.workerFailed(worker, "internal error while running job " + job.id() + ": " + e);
            throw e;
        }
    }

    private void runOne(QueuedJob job) throws InterruptedException {
        long offset = output.size();
        long start = System.currentTimeMillis();
        AttemptSink sink = new AttemptSink(output, run.events(), job.id(), job.attempt(), worker.name());
        Result result = new Attempt(run, worker, job, command ->
                run.recorder().started(job, worker.name(), outputName, offset, processGroup(command), start))
                .run(sink);
        IOException outputFailure = sink.close();
        if (worker.launched() != null) run.cloudUse().busy(System.currentTimeMillis() - start);
        if (result == null) {
            run.queue().finished(job, true);
            return;
        }
        if (outputFailure != null) {
            run.recorder().line(worker.name() + ": could not store the output of job " + job.id() + ": "
                    + outputFailure.getMessage());
        }
        if (result.status() != null || result == Result.TIMEOUT) {
            if (!run.settings().returns().isEmpty() && !worker.failed()) new ReturnedFiles(run, worker, job).copy();
        }
        Disposition disposition = dispose(job, result);
        String why = explain(job, result, disposition);
        run.recorder().finished(job, worker.name(), start, result, disposition, why, outputName, offset,
                output.size() - offset);
        if (disposition == Disposition.FINAL) run.finalResult(result.failure());
        boolean requeue = disposition != Disposition.FINAL && result != Result.ABORTED;
        if (disposition == Disposition.RETRY) job.failedOn(worker.name());
        job.nextAttempt(disposition == Disposition.RETRY);
        run.queue().finished(job, requeue);
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
