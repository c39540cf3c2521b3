package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * A slot's next job, handed to its worker while the current one runs, so that it starts there the moment the current
 * one ends instead of after a round trip to the controller (most of the gap between two short jobs). At most one per
 * slot, and only a job that is ready at once. Until it starts it can be taken back: it goes back to the queue when the
 * slot stops (abort, halt, worker gone), and a slot that runs dry takes it to run it at once.
 */
final class Lookahead {

    /** What {@link #lookForStart} returns while the job may still start. */
    static final long WAITING = -2;
    /** What {@link #lookForStart} returns when it must go on where it may wait on the worker. */
    static final long MOVE = -3;

    // why: how often a slot waiting for the start looks up to notice an abort or a failed worker, when its transport
    // cannot call back (whenSettled); otherwise it waits for news only
    private static final Duration LOOK_UP = Duration.ofMillis(250);

    private final TaskRun run;
    private final Worker worker;
    private final Function<QueuedJob, AttemptSink> sinks;
    private final BooleanSupplier wanted;
    private final boolean enabled;
    private final Runnable news;
    private Ahead next;
    // the queued job whose start the slot awaits now (lookForStart), and what that wait needs
    private Ahead awaited;
    private boolean withdrawTried;
    private long giveUpAt;
    private boolean told;
    private ScheduledFuture<?> giveUpTimer;
    private final LookUps lookUps = new LookUps();

    /**
     * {@code sinks} makes a job's sink into the slot's output; {@code wanted}: the slot may take more jobs;
     * {@code news}: runs the slot's next step (see {@link SlotSteps}).
     */
    Lookahead(TaskRun run, Worker worker, Function<QueuedJob, AttemptSink> sinks, BooleanSupplier wanted,
              Runnable news) {
        this.run = run;
        this.news = news;
        this.worker = worker;
        this.sinks = sinks;
        this.wanted = wanted;
        // why: --return copies a job's files after it ended, before the next job may start in the same directory
        this.enabled = run.settings().lookahead() && run.settings().returns().isEmpty();
    }

    /** While {@code current} runs: queues the next job behind it if one is ready at once and none is queued yet. */
    void offer(RunningCommand current) {
        if (!enabled || next != null || worker.cannotQueue()) return;
        QueuedJob job = run.queue().poll(worker.name(), wanted, queued -> run.otherWorkerCanRun(worker, queued));
        if (job == null) return;
        AttemptSink sink = sinks.apply(job);
        Optional<QueuedCommand> queued;
        try {
            queued = worker.connection().startAfter(current, Attempt.request(run, worker, job), sink);
        } catch (IOException | RuntimeException e) {
            // why: the running job's watch notices a broken connection; this job waits for another turn
            run.queue().giveBack(job);
            return;
        }
        if (queued.isEmpty()) {
            worker.cannotQueueCommands();
            run.queue().giveBack(job);
            return;
        }
        next = new Ahead(job, queued.get(), sink);
        run.aheads().add(next);
        // why: a slot that ran dry between this poll and the add found neither the job in the queue nor it here, and
        // waits; it must look again and may take this one back, or it would idle while the job waits behind another
        run.queue().wakeUp();
    }

    /** The slot stops watching its current job: the queued one goes back to the queue unless it started. */
    void takeBack() throws InterruptedException {
        if (next == null) return;
        run.aheads().remove(next);
        if (releasedFromFailedWorker(next)) {
            next = null;
            return;
        }
        // why: when the answer does not come in time the slot keeps the job and watches it (awaitStart), which
        // settles it whatever comes: its start, a late "withdrawn", or the connection's end
        if (next.takeBack(run.limits().withdraw())) {
            run.queue().giveBack(next.job());
            next = null;
        }
    }

    /**
     * A job queued on a worker that has failed, whose start was never reported, goes back to the queue at once
     * (true): the failed worker's connection is being closed, which kills whatever it runs, and a hung worker
     * would never answer a withdrawal. One whose start was reported stays with its slot, which sees it LOST.
     */
    private boolean releasedFromFailedWorker(Ahead ahead) throws InterruptedException {
        if (!worker.failed()) return false;
        try {
            if (ahead.command().awaitStart(Duration.ZERO).isPresent()) return false;
        } catch (WorkerLostException | RuntimeException e) {
            // why: the connection broke before the start was reported, so it never started (the contract)
        }
        run.aheads().remove(ahead);
        if (ahead.neverStarted()) run.queue().giveBack(ahead.job());
        return true;
    }

    /** Where the current job's output ends: where the queued one's begins, else at the end of the file. */
    long currentOutputEnd(long fileSize) {
        return next == null ? fileSize : next.sink().startsAt();
    }

    /** The job queued behind the one that just ended, now the slot's to run; null if none. */
    Ahead takeNext() {
        Ahead ahead = next;
        next = null;
        return ahead;
    }

    /** Begins waiting for a queued job to start now that the one before it ended (see {@link #lookForStart}). */
    void beginAwaitStart(Ahead ahead) {
        awaited = ahead;
        withdrawTried = false;
        giveUpAt = System.nanoTime() + run.limits().giveUp().toNanos();
        told = ahead.command().whenSettled(news);
    }

    /**
     * One look at the job whose start the slot awaits, when there is news: its start time (controller clock); -1 when
     * it never started and went back to the queue (or to the slot that took it back); {@link #WAITING} while it may
     * still start (the slot waits for the next news); {@link #MOVE} when acting now means waiting on the worker and
     * {@code mayBlock} is false.
     */
    long lookForStart(boolean mayBlock) throws InterruptedException {
        Ahead ahead = awaited;
        // why: the job left the worker unstarted; if nobody owns it (a withdrawal answered after its caller gave up),
        // this slot, which queued it, does
        if (ahead.leftTheWorker()) {
            if (ahead.claimWithdrawn()) run.queue().giveBack(ahead.job());
            return settled(-1);
        }
        if (releasedFromFailedWorker(ahead)) return settled(-1);
        if (!withdrawTried && (!wanted.getAsBoolean() || run.queue().stopped())) {
            if (!mayBlock) return MOVE;
            withdrawTried = true;
            run.aheads().remove(ahead);
            if (ahead.takeBack(run.limits().withdraw())) {
                run.queue().giveBack(ahead.job());
                return settled(-1);
            }
            return lookForStart(true);
        }
        try {
            OptionalLong start = ahead.command().awaitStart(Duration.ZERO);
            if (start.isPresent()) {
                run.aheads().remove(ahead);
                return settled(start.getAsLong());
            }
            // why a limit only once the worker failed: then the give-up is due even if no news comes
            if (!told) {
                lookUps.schedule(run.dispatch(), LOOK_UP, news);
            } else if (told && worker.failed() && giveUpTimer == null) {
                giveUpTimer = run.dispatch().after(Duration.ofNanos(Math.max(1, giveUpAt - System.nanoTime())), news);
            }
        } catch (WorkerLostException | RuntimeException e) {
            run.workerFailed(worker, "lost while job " + ahead.job().id() + " waited to start: " + e.getMessage());
            return settled(neverStarted(ahead));
        }
        if (worker.failed() && System.nanoTime() - giveUpAt >= 0) return settled(givenUp(ahead));
        return WAITING;
    }

    private long settled(long start) {
        awaited = null;
        if (giveUpTimer != null) giveUpTimer.cancel(false);
        giveUpTimer = null;
        return start;
    }

    private long neverStarted(Ahead ahead) {
        run.aheads().remove(ahead);
        if (ahead.neverStarted()) run.queue().giveBack(ahead.job());
        return -1;
    }

    /**
     * A failed worker neither started the job nor answered its withdrawal: it counts as never started. Why the sink
     * is closed and the command killed: should the worker start it after all, nothing of it may reach the output
     * file (its range would fall into the next attempt's), and it must not keep running.
     */
    private long givenUp(Ahead ahead) {
        ahead.sink().close();
        run.killQuietlyLater(ahead.command());
        return neverStarted(ahead);
    }

    /** For a slot that ran dry: a job queued behind another slot's running job, to take back and run here now. */
    JobQueue.Thief thief() {
        return new JobQueue.Thief() {
            @Override
            public Ahead choose() {
                return run.aheads().claim(worker.name());
            }

            @Override
            public java.util.concurrent.CompletableFuture<QueuedJob> takeBack(Ahead chosen) {
                return chosen.takeBackAsync(run.limits().withdraw(), run.dispatch().blocking())
                        .thenApply(withdrawn -> withdrawn ? chosen.job() : null);
            }
        };
    }
}
