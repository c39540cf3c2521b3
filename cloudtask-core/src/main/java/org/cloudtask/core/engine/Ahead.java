package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * A job handed to its worker ahead of time, behind its slot's running job (see {@link Lookahead}). Several threads
 * may try to take it back (its own slot on abort, an idle slot stealing it, the second abort); exactly one of them
 * learns that it never started, and that one alone puts the job back in the queue (or runs it), so it is neither lost
 * nor run twice.
 *
 * <p>Who owns the job: the slot that queued it, until a take-back succeeds. A take-back whose answer does not come in
 * time owns nothing; when the worker's "withdrawn" answer arrives later, the slot that queued it (which keeps watching
 * it) settles it and puts the job back. A job whose start was reported is never taken back, whatever happens to the
 * connection afterwards: its slot watches it and it ends LOST if the connection is gone.
 */
final class Ahead {

    private final QueuedJob job;
    private final QueuedCommand command;
    private final AttemptSink sink;
    private boolean settled;

    Ahead(QueuedJob job, QueuedCommand command, AttemptSink sink) {
        this.job = job;
        this.command = command;
        this.sink = sink;
    }

    QueuedJob job() { return job; }
    QueuedCommand command() { return command; }
    AttemptSink sink() { return sink; }

    /**
     * Withdraws the command unless it started. True to exactly one caller, which now owns the job; false when it
     * started, when the worker did not answer in time (its slot keeps watching it), or when another caller owns it.
     */
    boolean takeBack(Duration timeout) throws InterruptedException {
        try {
            // why Runnable::run: a transport that cannot answer asynchronously withdraws on this thread
            return takeBackAsync(timeout, Runnable::run).get();
        } catch (ExecutionException e) {
            return false; // why: not reached, takeBackAsync settles every failure as false
        }
    }

    /**
     * Like {@link #takeBack}, holding no thread while the worker answers (see {@link QueuedCommand#withdrawAsync}):
     * its true goes to exactly one caller, which now owns the job. Never completes exceptionally.
     */
    CompletableFuture<Boolean> takeBackAsync(Duration timeout, Executor blocking) {
        synchronized (this) {
            if (settled) return CompletableFuture.completedFuture(false);
        }
        // why outside the lock: the answer may take the whole timeout, and the slot watching the job must not wait
        // for it; every caller gets the same answer (one withdrawal per command), and settle() picks one owner
        return command.withdrawAsync(timeout, blocking).handle((withdrawn, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            // why: the connection broke before the worker answered; the command never started unless its start was
            // reported before (then the runner's answer was "started", lost on the way)
            if (cause instanceof WorkerLostException) return !startReportedNow() && settle();
            return cause == null && withdrawn && settle();
        });
    }

    private boolean startReportedNow() {
        try {
            return startReported();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean startReported() throws InterruptedException {
        try {
            OptionalLong start = command.awaitStart(Duration.ZERO);
            return start.isPresent();
        } catch (WorkerLostException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The command left the worker without starting: withdrawn (perhaps by an answer that came after its caller gave
     * up), or taken by another. Its slot must then stop watching it; see {@link #claimWithdrawn()}.
     */
    synchronized boolean leftTheWorker() {
        return settled || command.withdrawn();
    }

    /** A withdrawal answered after its caller gave up: true to the one caller that now owns the job. */
    synchronized boolean claimWithdrawn() {
        if (settled || !command.withdrawn()) return false;
        settled = true;
        return true;
    }

    /** The connection broke before the start was reported: true to exactly one caller, which owns the job. */
    boolean neverStarted() {
        return settle();
    }

    private synchronized boolean settle() {
        if (settled) return false;
        settled = true;
        return true;
    }
}
