package org.cloudtask.jenkins.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * Wraps the real transport so that every job's output is also written, as it arrives, into the build's
 * {@link JobOutputStore}. The engine's own session keeps its copy; this one is the build's, which the build page
 * streams. A job is recognised by {@code CLOUDTASK_JOB}/{@code CLOUDTASK_ATTEMPT} in its environment, else by its
 * {@code "job N"} label; other commands (pings, pre, post) are passed through untouched.
 */
public final class RecordingTransport implements Transport {

    private static final Pattern JOB_LABEL = Pattern.compile("job (\\d+)(?: attempt (\\d+))?");

    private final Transport delegate;
    private final JobOutputStore store;

    public RecordingTransport(Transport delegate, JobOutputStore store) {
        this.delegate = delegate;
        this.store = store;
    }

    @Override
    public WorkerConnection connect(WorkerAddress address) throws IOException, InterruptedException {
        return new RecordingConnection(delegate.connect(address));
    }

    @Override
    public int connectsAtOnce() {
        return delegate.connectsAtOnce();
    }

    @Override
    public List<WorkerAddress> defaultWorkers(int count) {
        return delegate.defaultWorkers(count);
    }

    /** The job id and attempt a command runs, if it is a job. */
    static Optional<long[]> jobOf(CommandRequest request) {
        Map<String, String> env = request.environment();
        OptionalLong job = number(env.get("CLOUDTASK_JOB"));
        if (job.isPresent()) {
            return Optional.of(new long[] {job.getAsLong(), number(env.get("CLOUDTASK_ATTEMPT")).orElse(1)});
        }
        Matcher m = request.label() == null ? null : JOB_LABEL.matcher(request.label());
        if (m == null || !m.matches()) return Optional.empty();
        return Optional.of(new long[] {Long.parseLong(m.group(1)), m.group(2) == null ? 1 : Long.parseLong(m.group(2))});
    }

    private static OptionalLong number(String value) {
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private final class RecordingConnection implements WorkerConnection {
        private final WorkerConnection connection;

        RecordingConnection(WorkerConnection connection) {
            this.connection = connection;
        }

        @Override
        public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
            Optional<long[]> job = jobOf(request);
            if (job.isEmpty()) return connection.start(request, output);
            OutputStream file = store.open(job.get()[0], (int) job.get()[1]);
            try {
                return new ClosingCommand(connection.start(request, both(file, output)), file);
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }

        /** Passes the engine's lookahead on: without it, every job would wait for a round trip to the controller. */
        @Override
        public Optional<QueuedCommand> startAfter(RunningCommand previous, CommandRequest request, OutputSink output)
                throws IOException {
            RunningCommand unwrapped = previous instanceof ClosingCommand closing ? closing.command : previous;
            Optional<long[]> job = jobOf(request);
            if (job.isEmpty()) return connection.startAfter(unwrapped, request, output);
            OutputStream file = store.open(job.get()[0], (int) job.get()[1]);
            try {
                Optional<QueuedCommand> queued = connection.startAfter(unwrapped, request, both(file, output));
                if (queued.isEmpty()) file.close();
                return queued.map(command -> new ClosingQueuedCommand(command, file));
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }

        @Override
        public InputStream openFile(String path) throws IOException {
            return connection.openFile(path);
        }

        @Override
        public void ping(Duration timeout) throws IOException, InterruptedException {
            connection.ping(timeout);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> pingAsync(Duration timeout,
                                                                      java.util.concurrent.Executor blocking) {
            return connection.pingAsync(timeout, blocking);
        }

        @Override
        public void copyOverlay(Path directory, Duration timeout) throws IOException, InterruptedException {
            connection.copyOverlay(directory, timeout);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private static OutputSink both(OutputStream file, OutputSink output) {
        return (bytes, offset, length) -> {
            file.write(bytes, offset, length);
            output.write(bytes, offset, length);
        };
    }

    /** Closes the output file once the command's end (and so all of its output) has been seen. */
    private static class ClosingCommand implements RunningCommand {
        final RunningCommand command;
        private final OutputStream file;

        ClosingCommand(RunningCommand command, OutputStream file) {
            this.command = command;
            this.file = file;
        }

        @Override
        public Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException {
            try {
                Optional<ExitStatus> status = command.await(timeout);
                if (status.isPresent()) closeQuietly();
                return status;
            } catch (WorkerLostException e) {
                closeQuietly();
                throw e;
            }
        }

        @Override
        public void kill(Duration grace) throws IOException, InterruptedException {
            command.kill(grace);
        }

        @Override
        public OptionalLong localProcessGroup() {
            return command.localProcessGroup();
        }

        /** why: without it the engine would look at every job from time to time instead of waiting for its end */
        @Override
        public boolean whenEnded(Runnable listener) {
            return command.whenEnded(listener);
        }

        void closeQuietly() {
            try {
                file.close();
            } catch (IOException e) {
                // why: the build's copy is a convenience; the session keeps the authoritative output
            }
        }
    }

    /** A queued job's output file: closed also when the job is withdrawn or lost before it started. */
    private static final class ClosingQueuedCommand extends ClosingCommand implements QueuedCommand {
        private final QueuedCommand queued;

        ClosingQueuedCommand(QueuedCommand queued, OutputStream file) {
            super(queued, file);
            this.queued = queued;
        }

        @Override
        public OptionalLong awaitStart(Duration timeout) throws InterruptedException, WorkerLostException {
            try {
                return queued.awaitStart(timeout);
            } catch (WorkerLostException e) {
                closeQuietly();
                throw e;
            }
        }

        @Override
        public boolean withdraw(Duration timeout) throws IOException, InterruptedException {
            boolean withdrawn = queued.withdraw(timeout);
            if (withdrawn) closeQuietly();
            return withdrawn;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Boolean> withdrawAsync(Duration timeout,
                                                                          java.util.concurrent.Executor blocking) {
            return queued.withdrawAsync(timeout, blocking).thenApply(withdrawn -> {
                if (withdrawn) closeQuietly();
                return withdrawn;
            });
        }

        @Override
        public boolean whenSettled(Runnable listener) {
            return queued.whenSettled(listener);
        }

        @Override
        public boolean withdrawn() {
            return queued.withdrawn();
        }
    }
}
