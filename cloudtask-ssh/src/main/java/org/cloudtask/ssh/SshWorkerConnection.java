package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.jcraft.jsch.Session;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.input.ShellQuoting;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.TransferFile;
import org.cloudtask.core.worker.WorkerConnection;

/**
 * The one SSH connection to a worker. Jobs, their kills and pings go through the worker's runner; the overlay, the
 * {@code --transfer} and returned files and the set-up commands each use a short-lived channel of their own.
 */
final class SshWorkerConnection implements WorkerConnection {

    private final Session session;
    private final String workerName;
    private final Duration channelTimeout;
    private final RemoteRunner runner;
    // why volatile: set by the worker's thread during set-up, read by its slots' threads afterwards
    private volatile String workingDirectory;

    private SshWorkerConnection(Session session, String workerName, Duration channelTimeout)
            throws IOException, InterruptedException {
        this.session = session;
        this.workerName = workerName;
        this.channelTimeout = channelTimeout;
        this.runner = RemoteRunner.start(session, workerName, channelTimeout);
    }

    /**
     * Starts the runner on a connected session; disconnects the session if that fails. A runner that jobs could
     * hijack (it could not make itself non-dumpable) is used all the same, with a warning.
     */
    static SshWorkerConnection open(Session session, String workerName, Duration channelTimeout,
                                    Consumer<String> warnings) throws IOException, InterruptedException {
        try {
            SshWorkerConnection connection = new SshWorkerConnection(session, workerName, channelTimeout);
            connection.runner.undumpableFailure().ifPresent(why -> warnings.accept("the cloudtask runner on "
                    + workerName + " cannot make itself non-dumpable (" + why + "): jobs of this login can read "
                    + "and forge its frames (docs/security.md)"));
            return connection;
        } catch (IOException | InterruptedException | RuntimeException e) {
            session.disconnect();
            throw e;
        }
    }

    @Override
    public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
        return runner.submit(inWorkingDirectory(request), output);
    }

    /**
     * Queues the job in this connection's runner behind {@code previous}, so it starts there the moment that one
     * ends, without a round trip to the controller. Only a command of this same runner can be waited on.
     */
    @Override
    public Optional<QueuedCommand> startAfter(RunningCommand previous, CommandRequest request, OutputSink output)
            throws IOException {
        if (!runner.owns(previous)) {
            return Optional.empty();
        }
        return Optional.of(runner.submitAfter((RunnerJob) previous, inWorkingDirectory(request), output));
    }

    /**
     * A round trip through the runner: the connection, the sshd process that relays it and the runner that starts
     * and kills jobs all still answer. why no exec channel as well: jobs and their kills never open one, and a
     * channel per ping cost the worker a new session process (a login shell) and the controller a channel set-up,
     * every ping interval, on every worker (at 1,000 workers pinged every 5 s, 200 process starts a second).
     */
    @Override
    public void ping(Duration timeout) throws IOException, InterruptedException {
        try {
            runner.heartbeat(timeout);
        } catch (IOException e) {
            throw new IOException("ping of " + workerName + " failed: " + e.getMessage(), e);
        }
    }

    /** The same round trip, without holding a thread while the worker is silent: the answer arrives on JSch's thread. */
    @Override
    public CompletableFuture<Void> pingAsync(Duration timeout, Executor blocking) {
        // why sending on the pool: a send waits while the connection's window or TCP buffer is full
        return CompletableFuture.supplyAsync(() -> runner.heartbeatAsync(timeout), blocking)
                .thenCompose(answer -> answer)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    throw new CompletionException(new IOException("ping of " + workerName + " failed: "
                            + cause.getMessage(), cause));
                });
    }

    @Override
    public void copyOverlay(Path directory, Duration timeout) throws IOException, InterruptedException {
        Overlay.copy(session, directory, workerName, timeout);
    }

    @Override
    public java.io.InputStream openFile(String path) throws IOException {
        String inDirectory = workingDirectory == null ? path : workingDirectory + "/" + path;
        return RemoteFile.open(session, inDirectory, workerName, channelTimeout);
    }

    @Override
    public void transfer(String directory, List<TransferFile> files, Duration timeout) throws IOException {
        Transfers.copy(session, directory, files, workerName, timeout);
        workingDirectory = directory;
    }

    @Override
    public void removeWorkingDirectory(Duration timeout) throws IOException, InterruptedException {
        String directory = workingDirectory;
        if (directory == null) return;
        // why the rmdir: the parent (.cloudtask-work) goes too once no session of any controller uses it
        int slash = directory.lastIndexOf('/');
        String parent = slash > 0 ? " && { rmdir " + ShellQuoting.quote(directory.substring(0, slash))
                + " 2>/dev/null; true; }" : "";
        RemoteExec.Result result = RemoteExec.run(session, "rm -rf " + ShellQuoting.quote(directory) + parent,
                timeout);
        if (result.exitCode() != 0) throw new IOException("rm -rf failed: " + result.output().strip());
    }

    /**
     * The job's command, run in the session's working directory when there is one. The {@code cd} shares the
     * command's first line so that the shell's messages keep naming line 1.
     */
    private CommandRequest inWorkingDirectory(CommandRequest request) {
        String directory = workingDirectory;
        if (directory == null) return request;
        return new CommandRequest("cd " + ShellQuoting.quote(directory) + " || exit 1; " + request.command(),
                request.environment(), request.label());
    }

    /** Closing the runner's channel makes the runner kill what is still running, then the connection goes. */
    @Override
    public void close() {
        runner.close();
        session.disconnect();
    }
}
