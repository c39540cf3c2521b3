package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.jcraft.jsch.Session;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;

/**
 * The one SSH connection to a worker. Jobs, and their kills, go through the worker's runner; pings and the overlay
 * each use a short-lived channel of their own on the same connection.
 */
final class SshWorkerConnection implements WorkerConnection {

    private final Session session;
    private final String workerName;
    private final Duration channelTimeout;
    private final RemoteRunner runner;

    private SshWorkerConnection(Session session, String workerName, Duration channelTimeout)
            throws IOException, InterruptedException {
        this.session = session;
        this.workerName = workerName;
        this.channelTimeout = channelTimeout;
        this.runner = RemoteRunner.start(session, workerName, channelTimeout);
    }

    /** Starts the runner on a connected session; disconnects the session if that fails. */
    static SshWorkerConnection open(Session session, String workerName, Duration channelTimeout)
            throws IOException, InterruptedException {
        try {
            return new SshWorkerConnection(session, workerName, channelTimeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            session.disconnect();
            throw e;
        }
    }

    @Override
    public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
        return runner.submit(request, output);
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
        return Optional.of(runner.submitAfter((RunnerJob) previous, request, output));
    }

    /** Both a fresh exec channel (sshd still serves) and a round trip through the runner (jobs still start). */
    @Override
    public void ping(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            RemoteExec.Result result = RemoteExec.run(session, "true", timeout);
            if (result.exitCode() != 0) {
                throw new IOException("exit " + result.exitCode() + " " + result.output());
            }
            runner.heartbeat(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (IOException e) {
            throw new IOException("ping of " + workerName + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void copyOverlay(Path directory, Duration timeout) throws IOException, InterruptedException {
        Overlay.copy(session, directory, workerName, timeout);
    }

    @Override
    public java.io.InputStream openFile(String path) throws IOException {
        return RemoteFile.open(session, path, workerName, channelTimeout);
    }

    /** Closing the runner's channel makes the runner kill what is still running, then the connection goes. */
    @Override
    public void close() {
        runner.close();
        session.disconnect();
    }
}
