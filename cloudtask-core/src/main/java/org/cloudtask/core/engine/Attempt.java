package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * Runs one attempt of one job on a worker slot and watches it: the timeout, an abort, the worker failing. Tells how
 * it ended; {@link Slot} decides what that means for the job. It looks only when there is news (see {@link SlotSteps}).
 */
final class Attempt {

    /** What {@link #look} returns when it must go on where it may wait on the worker. */
    static final Result MOVE = new Result("(look again where waiting is allowed)", null);

    // why: how often a slot looks up from the command to notice an abort or a failed worker, when its transport
    // cannot call back at the command's end (whenEnded); otherwise it waits for news only
    private static final Duration LOOK_UP = Duration.ofMillis(250);
    // why: after the KILL, the rest of the output should arrive at once; never wait forever for it
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private final TaskRun run;
    private final Worker worker;
    private final QueuedJob job;
    private final Lookahead lookahead;
    private final Runnable news;
    private RunningCommand command;
    private long deadline;
    private boolean told;
    private ScheduledFuture<?> deadlineTimer;
    private final LookUps lookUps = new LookUps();

    /**
     * {@code lookahead} may queue the slot's next job behind this one while it runs; {@code news} runs the slot's next
     * step (see {@link SlotSteps}).
     */
    Attempt(TaskRun run, Worker worker, QueuedJob job, Lookahead lookahead, Runnable news) {
        this.run = run;
        this.worker = worker;
        this.job = job;
        this.lookahead = lookahead;
        this.news = news;
    }

    /** Starts the command; null when it could not start (the worker failed; nothing was recorded). */
    RunningCommand start(AttemptSink sink) {
        try {
            return worker.connection().start(request(run, worker, job), sink);
        } catch (IOException | RuntimeException e) {
            run.workerFailed(worker, "cannot start a command: " + e.getMessage());
            return null;
        }
    }

    /** Begins watching the started command; its timeout counts from {@code startMillis}. */
    void beginWatch(RunningCommand started, long startMillis) {
        command = started;
        worker.running().add(command);
        long ranMillis = Math.max(0, System.currentTimeMillis() - startMillis);
        deadline = System.nanoTime() + run.settings().timeout().minusMillis(ranMillis).toNanos();
        told = command.whenEnded(news);
        // why: with a call back at the end, the slot hears of nothing else until news (the end, an abort, its worker
        // failing) or the deadline; nothing polls
        if (told) deadlineTimer = run.dispatch().after(Duration.ofNanos(deadline - System.nanoTime()), news);
    }

    /**
     * One look at the command, when there is news: how it ended, or null while it runs on (the slot waits for the next
     * news). {@link #MOVE} when acting now means waiting on the worker (a kill, a withdrawal) and {@code mayBlock} is
     * false: look again on a thread that may wait.
     */
    Result look(boolean mayBlock) throws InterruptedException {
        // why: a job queued behind this one must be withdrawn before the kill, or it would start at once
        if (run.aborting() || run.haltingNow()) {
            if (!mayBlock) return MOVE;
            lookahead.takeBack();
            kill(command, run.killGrace());
            return Result.ABORTED;
        }
        if (worker.preempted()) {
            if (!mayBlock) return MOVE;
            lookahead.takeBack();
            run.killQuietlyLater(command);
            return Result.PREEMPTED;
        }
        if (worker.failed()) {
            if (!mayBlock) return MOVE;
            lookahead.takeBack();
            run.killQuietlyLater(command);
            return Result.LOST;
        }
        lookahead.offer(command);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            if (!mayBlock) return MOVE;
            kill(command, run.killGrace());
            return Result.TIMEOUT;
        }
        try {
            Optional<ExitStatus> status = command.await(Duration.ZERO);
            if (status.isPresent()) return ended(status.get());
            if (!told) lookUps.schedule(run.dispatch(), Duration.ofNanos(Math.min(left, LOOK_UP.toNanos())), news);
            return null;
        } catch (WorkerLostException | RuntimeException e) {
            // why: a transport that breaks in an unexpected way is treated like a lost connection, not a hang
            run.workerFailed(worker, "lost while running job " + job.id() + ": " + e.getMessage());
            return Result.LOST;
        }
    }

    /** The slot is done with the command: no more deadline, no longer among the worker's running commands. */
    void endWatch() {
        if (command != null) worker.running().remove(command);
        if (deadlineTimer != null) deadlineTimer.cancel(false);
    }

    /**
     * why: a second abort kills every command at once from another thread, so the exit can be seen here before the
     * loop looks at {@code aborting()}; a job that did not succeed while an abort is under way was (or may have been)
     * killed by it and stays pending, so a resume runs it again.
     */
    private Result ended(ExitStatus status) {
        if (run.aborting() && !status.succeeded()) return Result.ABORTED;
        return Result.of(status);
    }

    private void kill(RunningCommand command, Duration grace) throws InterruptedException {
        try {
            command.kill(grace);
            command.await(AFTER_KILL);
        } catch (IOException e) {
            run.recorder().line(worker.name() + ": could not kill job " + job.id() + ": " + e.getMessage());
        }
    }

    static CommandRequest request(TaskRun run, Worker worker, QueuedJob job) {
        Map<String, String> env = new LinkedHashMap<>(run.settings().jobEnvironment());
        env.put("CLOUDTASK_SESSION", Long.toString(run.sessionId()));
        env.put("CLOUDTASK_JOB", Long.toString(job.id()));
        env.put("CLOUDTASK_ATTEMPT", Integer.toString(job.attempt()));
        env.put("CLOUDTASK_WORKER", worker.name());
        return new CommandRequest(job.job().command(), env, "job " + job.id());
    }

}
