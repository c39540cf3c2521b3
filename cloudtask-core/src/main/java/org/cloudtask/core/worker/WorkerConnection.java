package org.cloudtask.core.worker;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One open connection to a worker, reused for every job that runs there. Thread-safe: the engine runs up to the
 * worker's slot count of commands at once, pings it, and kills commands from other threads.
 */
public interface WorkerConnection extends Closeable {

    /**
     * Starts a command on the worker in a process group of its own, with empty stdin. Its stdout and stderr are
     * delivered to {@code output}, merged, as they arrive.
     */
    RunningCommand start(CommandRequest request, OutputSink output) throws IOException;

    /**
     * Hands the worker a command to start, as {@link #start} would, the moment {@code previous} (a command of this
     * connection, running or itself queued) has ended and its end has been reported. At most one command waits
     * behind another.
     *
     * @return the queued command, or empty when this transport cannot queue: the engine then starts the job itself
     *         once the slot is free (the default)
     */
    default java.util.Optional<QueuedCommand> startAfter(RunningCommand previous, CommandRequest request,
                                                         OutputSink output) throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Returns normally if the worker can still run a command within {@code timeout}.
     *
     * @throws IOException when it cannot (the engine counts consecutive failures)
     */
    void ping(Duration timeout) throws IOException, InterruptedException;

    /**
     * Starts a ping and returns at once: the future completes normally when the worker answered, exceptionally when
     * it did not (it need not complete at all for a worker that hangs: the caller applies {@code timeout}). The
     * default runs {@link #ping} on {@code blocking}; a transport that can wait for the answer on its own I/O thread
     * should, so that a hung worker holds no thread while its ping waits.
     */
    default java.util.concurrent.CompletableFuture<Void> pingAsync(Duration timeout,
                                                                  java.util.concurrent.Executor blocking) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                ping(timeout);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blocking);
    }

    /**
     * Copies a local directory onto the worker's root directory, keeping file modes.
     *
     * @throws UnsupportedOperationException if this transport has no way to copy files
     */
    default void copyOverlay(Path directory, Duration timeout) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("this transport cannot copy an overlay");
    }

    /**
     * Makes {@code directory} (relative to the worker's login directory) the session's working directory on this
     * worker: creates it, copies {@code files} into it keeping their modes, and from then on runs every command and
     * resolves every {@link #openFile} path in it ({@code --transfer}).
     *
     * @throws UnsupportedOperationException if this transport has no way to copy files
     */
    default void transfer(String directory, java.util.List<TransferFile> files, Duration timeout)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException("this transport cannot copy files");
    }

    /** Removes the working directory that {@link #transfer} made, with everything the jobs left in it. */
    default void removeWorkingDirectory(Duration timeout) throws IOException, InterruptedException {
    }

    /**
     * Opens a file of the worker for reading (the {@code --return} files), {@code path} relative to the directory
     * jobs run in. The stream must be closed; closing it never waits on the worker. Opening and each read wait for
     * the worker only a bounded time (the transport's own, e.g. its connect timeout).
     *
     * @throws WorkerLostException (also from reads) when the worker stopped answering within that bound
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws UnsupportedOperationException if this transport has no way to read files
     */
    default java.io.InputStream openFile(String path) throws IOException {
        throw new UnsupportedOperationException("this transport cannot copy files back");
    }

    /** Closes the connection. Commands still running are not waited for. Never throws. */
    @Override
    void close();
}
