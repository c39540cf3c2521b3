package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * A job handed to its worker ahead of time, behind its slot's running job (see {@link Lookahead}). Several threads
 * may try to take it back (its own slot on abort, an idle slot stealing it, the second abort); exactly one of them
 * learns that it never started, and that one alone puts the job back in the queue (or runs it), so it is neither lost
 * nor run twice.
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
    synchronized boolean takeBack(Duration timeout) throws InterruptedException {
        if (settled) return false;
        try {
            if (!command.withdraw(timeout)) return false;
        } catch (WorkerLostException e) {
            // why: the connection broke before the worker answered, so the command never started (the contract)
        } catch (IOException | RuntimeException e) {
            return false;
        }
        settled = true;
        return true;
    }

    /** The connection broke before the start was reported: true to exactly one caller, which owns the job. */
    synchronized boolean neverStarted() {
        if (settled) return false;
        settled = true;
        return true;
    }

    /** Someone else took it back (or is doing so): its slot must leave the job alone. */
    synchronized boolean gone() {
        return settled || command.withdrawn();
    }
}
