package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * Runs one attempt of one job on a worker slot and watches it: the timeout, an abort, the worker failing. Returns how
 * it ended; {@link Slot} decides what that means for the job.
 */
final class Attempt {

    // why: how often a waiting slot looks up from the command to notice an abort or a failed worker, when its
    // transport cannot call back at the command's end (whenEnded); otherwise it waits for news only
    private static final Duration LOOK_UP = Duration.ofMillis(250);
    // why: after the KILL, the rest of the output should arrive at once; never wait forever for it
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private final TaskRun run;
    private final Worker worker;
    private final QueuedJob job;
    private final Lookahead lookahead;
    private final Wakeup wakeup;

    /** {@code lookahead} may queue the slot's next job behind this one while it runs; {@code wakeup} is the slot's. */
    Attempt(TaskRun run, Worker worker, QueuedJob job, Lookahead lookahead, Wakeup wakeup) {
        this.run = run;
        this.worker = worker;
        this.job = job;
        this.lookahead = lookahead;
        this.wakeup = wakeup;
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

    /** Watches the started command until it ends; its timeout counts from {@code startMillis}. */
    Result watch(RunningCommand command, long startMillis) throws InterruptedException {
        worker.running().add(command);
        try {
            return watching(command, startMillis);
        } finally {
            worker.running().remove(command);
        }
    }

    private Result watching(RunningCommand command, long startMillis) throws InterruptedException {
        long ranMillis = Math.max(0, System.currentTimeMillis() - startMillis);
        long deadline = System.nanoTime() + run.settings().timeout().minusMillis(ranMillis).toNanos();
        boolean toldAtEnd = command.whenEnded(wakeup::signal);
        while (true) {
            long mark = wakeup.mark();
            // why: a job queued behind this one must be withdrawn before the kill, or it would start at once
            if (run.aborting() || run.haltingNow()) {
                lookahead.takeBack();
                kill(command, run.killGrace());
                return Result.ABORTED;
            }
            if (worker.preempted()) {
                lookahead.takeBack();
                run.killQuietlyLater(command);
                return Result.PREEMPTED;
            }
            if (worker.failed()) {
                lookahead.takeBack();
                run.killQuietlyLater(command);
                return Result.LOST;
            }
            lookahead.offer(command);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                kill(command, run.killGrace());
                return Result.TIMEOUT;
            }
            try {
                // why: with a call back at the end, the slot sleeps until news (the end, an abort, its worker
                // failing) or the deadline; nothing polls
                Optional<ExitStatus> status = command.await(toldAtEnd ? Duration.ZERO
                        : Duration.ofNanos(Math.min(left, LOOK_UP.toNanos())));
                if (status.isPresent()) return ended(status.get());
                if (toldAtEnd) wakeup.awaitAfter(mark, left);
            } catch (WorkerLostException | RuntimeException e) {
                // why: a transport that breaks in an unexpected way is treated like a lost connection, not a hang
                run.workerFailed(worker, "lost while running job " + job.id() + ": " + e.getMessage());
                return Result.LOST;
            }
        }
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
