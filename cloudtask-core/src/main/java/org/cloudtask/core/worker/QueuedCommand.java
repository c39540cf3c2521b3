package org.cloudtask.core.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A command handed to a worker ahead of time, to start there the moment the command before it on the same slot has
 * ended (see {@link WorkerConnection#startAfter}). Why: the slot's next job then starts without waiting for a round
 * trip to the controller, which is most of the gap between two short jobs. Until it starts it can be withdrawn, so a
 * job queued behind a long one can still go to a slot that runs dry.
 *
 * <p>Once started it behaves as any {@link RunningCommand}; its output reaches its sink only after it started.
 */
public interface QueuedCommand extends RunningCommand {

    /**
     * Waits up to {@code timeout} for the worker to start the command.
     *
     * @return when the start was reported (epoch milliseconds, controller clock); empty while it still waits, or
     *         once it was withdrawn (see {@link #withdrawn()})
     * @throws WorkerLostException when the connection broke before a start was reported: the engine treats the
     *                             command as never started
     */
    OptionalLong awaitStart(Duration timeout) throws InterruptedException, WorkerLostException;

    /**
     * Takes the command back unless the worker has already started it. Safe from any thread and more than once.
     *
     * @return true when withdrawn: it has not run and never will; false when it has started (or ended)
     * @throws WorkerLostException when the connection broke before the worker answered: the command never started
     * @throws IOException         when the worker did not answer within {@code timeout}
     */
    boolean withdraw(Duration timeout) throws IOException, InterruptedException;

    /**
     * Like {@link #withdraw}, returning at once: the future completes with its answer, or exceptionally with what it
     * would throw ({@link WorkerLostException}, or an {@link IOException} when no answer came within {@code timeout}).
     * The default runs {@link #withdraw} on {@code blocking}; a transport whose answer arrives on its own I/O thread
     * should complete the future there, so that no thread waits for a worker that is slow to answer.
     */
    default CompletableFuture<Boolean> withdrawAsync(Duration timeout, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return withdraw(timeout);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, blocking);
    }

    /**
     * Calls {@code listener} once, from any thread (perhaps at once), when the command's start was reported, it was
     * withdrawn, or the connection broke: when {@link #awaitStart} would no longer wait.
     *
     * @return false when this transport cannot tell (the default): the engine then asks in short steps
     */
    default boolean whenSettled(Runnable listener) {
        return false;
    }

    /** True once {@link #withdraw} succeeded. */
    boolean withdrawn();
}
