package org.cloudtask.core.engine;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.cloudtask.core.session.AppendFile;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.worker.RunningCommand;

/**
 * One of a worker's slots: takes jobs from the queue one after another, runs each, and decides what its result means
 * for the job (final, retry, run again elsewhere) and for the worker (strikes). Its attempts' output goes to one file,
 * {@code output/<run>-<slot>}, one attempt after the other.
 *
 * <p>A slot holds no thread of its own: it acts in steps, each when there is news for it (work came, its command
 * ended, an abort, its worker failed: see {@link SlotSteps}), and between steps it is in one of its phases. Why: a
 * thousand workers then cost the controller no thread per slot.
 */
final class Slot {

    private enum Phase {
        /** Waits for work (or has just been told that some may have come). */
        TAKE,
        /** Takes back a job queued behind another slot's running job, to run it here (waits for that worker's answer). */
        STEAL,
        /** Its job runs; it looks at it when there is news. */
        WATCH,
        /** Its job ended; what remains to do with the result waits on the worker (copying files back). */
        FINISH,
        /** Its next job was queued on the worker behind the last one; it waits for that start. */
        AWAIT_START,
        ENDED
    }

    private final TaskRun run;
    private final Worker worker;
    private final AppendFile output;
    private final String outputName;
    private final BooleanSupplier wanted;
    private final Lookahead lookahead;
    private final SlotSteps steps;
    private final JobQueue.Waiter waiter;
    private final Runnable onEnd;
    private final boolean leavesWhenDry;
    // what the slot is doing: touched by its steps only, one at a time (SlotSteps)
    private Phase phase = Phase.TAKE;
    private Ahead stealing;
    private java.util.concurrent.CompletableFuture<QueuedJob> stolen;
    private Ahead awaited;
    private QueuedJob job;
    private Attempt attempt;
    private AttemptSink sink;
    private RunningCommand command;
    private long start;
    private long offset;
    private Result result;

    /** {@code onEnd}: told once, when the slot takes no more jobs and has none running. */
    Slot(TaskRun run, Worker worker, int number, Runnable onEnd) throws IOException {
        this.run = run;
        this.worker = worker;
        this.onEnd = onEnd;
        this.output = run.session().newOutput(number);
        this.outputName = Session.outputName(run.session().run(), number);
        this.wanted = () -> worker.active() && !run.aborting() && run.journalWorks();
        this.steps = new SlotSteps(run.dispatch(), this::step);
        this.waiter = new JobQueue.Waiter(steps::news);
        this.lookahead = new Lookahead(run, worker, this::sink, wanted, steps::news);
        this.leavesWhenDry = worker.launched() != null;
    }

    /** The slot starts taking jobs. */
    void begin() {
        run.watchSlot(steps);
        steps.news();
    }

    private void step() {
        try {
            switch (phase) {
                case TAKE -> take();
                case STEAL -> steal();
                case WATCH -> watch();
                case FINISH -> finish(result);
                case AWAIT_START -> awaitStart();
                case ENDED -> { }
            }
        } catch (InterruptedException e) {
            // why: only the end of the run interrupts a pool thread; nothing is left to do for this slot
            end();
        } catch (RuntimeException e) {
            broken(e);
        }
    }

    private void take() throws InterruptedException {
        JobQueue.Take take = run.queue().take(worker.name(), wanted, leavesWhenDry,
                waiting -> run.otherWorkerCanRun(worker, waiting), lookahead.thief(), waiter);
        if (take.waits()) return;
        if (take.steal() != null) {
            phase = Phase.STEAL;
            stealing = take.steal();
            steal();
            return;
        }
        if (take.ends()) {
            end();
            return;
        }
        startJob(take.job());
    }

    /** Asks the chosen job's worker for it back, then, once the answer came (news), runs what it got. */
    private void steal() throws InterruptedException {
        if (stolen == null) {
            stolen = lookahead.thief().takeBack(stealing);
            stolen.whenComplete((job, failure) -> steps.news());
        }
        if (!stolen.isDone()) return;
        QueuedJob got = stolen.join();
        stolen = null;
        stealing = null;
        // why: the queue was let go meanwhile; a job may have come back (or the last one ended)
        JobQueue.Take take = run.queue().stolen(got, wanted);
        if (take == null) {
            next(Phase.TAKE);
        } else if (take.ends()) {
            end();
        } else {
            startJob(take.job());
        }
    }

    private void startJob(QueuedJob taken) throws InterruptedException {
        job = taken;
        attempt = new Attempt(run, worker, job, lookahead, steps::news);
        sink = sink(job);
        start = System.currentTimeMillis();
        command = attempt.start(sink);
        if (command == null) {
            run.queue().finished(job, true);
            clearJob();
            next(Phase.TAKE);
            return;
        }
        watchStarted();
    }

    private void watchStarted() throws InterruptedException {
        phase = Phase.WATCH;
        offset = sink.startsAt();
        run.recorder().started(job, worker.name(), outputName, offset, processGroup(command), start);
        attempt.beginWatch(command, start);
        watch();
    }

    private void watch() throws InterruptedException {
        Result ended = attempt.look(steps.mayBlock());
        if (ended == null) return;
        if (ended == Attempt.MOVE) {
            steps.moveToBlocking();
            return;
        }
        attempt.endWatch();
        finish(ended);
    }

    /** The job's attempt ended with {@code ended}: records it and goes on with the job queued behind it, or takes one. */
    private void finish(Result ended) throws InterruptedException {
        boolean copiesBack = (ended.status() != null || ended == Result.TIMEOUT) && !run.settings().returns().isEmpty()
                && !worker.failed();
        if (copiesBack && !steps.mayBlock()) {
            phase = Phase.FINISH;
            result = ended;
            steps.moveToBlocking();
            return;
        }
        result = null;
        // why close first: bytes of a killed job that straggle in later are dropped, never counted in the range of
        // the job queued behind it (whose range begins at its first byte, or here if it printed nothing yet)
        IOException outputFailure = sink.close();
        long end = lookahead.currentOutputEnd(output.size());
        if (worker.launched() != null) run.cloudUse().busy(System.currentTimeMillis() - start);
        if (outputFailure != null) {
            run.recorder().line(worker.name() + ": could not store the output of job " + job.id() + ": "
                    + outputFailure.getMessage());
        }
        if (copiesBack) new ReturnedFiles(run, worker, job).copy();
        Disposition disposition = dispose(job, ended);
        String why = explain(job, ended, disposition);
        run.recorder().finished(job, worker.name(), start, ended, disposition, why, outputName, offset, end - offset);
        if (disposition == Disposition.FINAL) run.finalResult(ended.failure());
        boolean requeue = disposition != Disposition.FINAL && ended != Result.ABORTED;
        if (disposition == Disposition.RETRY) job.failedOn(worker.name());
        job.nextAttempt(disposition == Disposition.RETRY);
        run.queue().finished(job, requeue);
        clearJob();
        Ahead queued = lookahead.takeNext();
        if (queued == null) {
            next(Phase.TAKE);
            return;
        }
        awaited = queued;
        lookahead.beginAwaitStart(queued);
        next(Phase.AWAIT_START);
    }

    /**
     * Goes on in {@code phase} in a step of its own. Why not at once: a job that ends as soon as it starts would
     * otherwise start the next one from inside this step, and so on, one stack frame deeper per job.
     */
    private void next(Phase then) {
        phase = then;
        steps.news();
    }

    private void awaitStart() throws InterruptedException {
        long started = lookahead.lookForStart(steps.mayBlock());
        if (started == Lookahead.WAITING) return;
        if (started == Lookahead.MOVE) {
            steps.moveToBlocking();
            return;
        }
        Ahead queued = awaited;
        awaited = null;
        if (started < 0) {
            next(Phase.TAKE);
            return;
        }
        job = queued.job();
        attempt = new Attempt(run, worker, job, lookahead, steps::news);
        sink = queued.sink();
        command = queued.command();
        start = started;
        watchStarted();
    }

    private void clearJob() {
        job = null;
        attempt = null;
        sink = null;
        command = null;
    }

    /**
     * Something unexpected broke (an engine or transport bug): the slot stops and its jobs are released, so the run
     * can end instead of waiting for them forever. What that needs may wait on the worker, so it runs where it may.
     */
    private void broken(RuntimeException e) {
        Phase was = phase;
        phase = Phase.ENDED;
        QueuedJob current = was == Phase.AWAIT_START && awaited != null ? awaited.job() : job;
        // why: a job this slot was taking back from another worker is nobody's once it arrives
        if (stolen != null) stolen.thenAccept(got -> {
            if (got != null) run.queue().giveBack(got);
        });
        if (attempt != null) attempt.endWatch();
        if (current == null) {
            run.workerFailed(worker, e.toString());
            leave();
            return;
        }
        run.queue().finished(current, false);
        run.workerFailed(worker, "internal error while running job " + current.id() + ": " + e);
        try {
            run.dispatch().blocking().execute(() -> {
                try {
                    lookahead.takeBack();
                    Ahead stuck = lookahead.takeNext();
                    if (stuck != null) abandon(stuck);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException again) {
                    // why: the worker has failed already; what is left of it goes with its connection
                } finally {
                    leave();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException over) {
            leave();
        }
    }

    private void end() {
        phase = Phase.ENDED;
        leave();
    }

    /** No more jobs for this slot: it stops waiting for work and news, and tells its worker. */
    private void leave() {
        run.queue().stopWaiting(waiter);
        run.unwatchSlot(steps);
        onEnd.run();
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
