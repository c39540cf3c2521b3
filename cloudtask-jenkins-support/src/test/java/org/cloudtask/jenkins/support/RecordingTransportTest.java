package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTransportTest {

    @TempDir
    Path dir;

    /** A command that has already ended well. */
    private static final RunningCommand ENDED = new RunningCommand() {
        @Override
        public Optional<ExitStatus> await(Duration timeout) {
            return Optional.of(ExitStatus.exited(0));
        }

        @Override
        public void kill(Duration grace) {
        }
    };

    /** A worker that prints its command's text in two pieces, as a real one prints in bursts. */
    private static final Transport ECHO = address -> new WorkerConnection() {
        @Override
        public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
            byte[] text = request.command().getBytes(StandardCharsets.UTF_8);
            output.write(text, 0, 2);
            output.write(text, 2, text.length - 2);
            return ENDED;
        }

        @Override
        public void ping(Duration timeout) {
        }

        @Override
        public void close() {
        }
    };

    @Test
    void eachJobsOutputIsStoredAsItArrivesAndStillReachesTheEngine() throws Exception {
        JobOutputStore store = new JobOutputStore(dir.resolve("output"));
        WorkerConnection connection = new RecordingTransport(ECHO, store).connect(WorkerAddress.of("w"));
        ByteArrayOutputStream engineCopy = new ByteArrayOutputStream();

        RunningCommand command = connection.start(
                new CommandRequest("echo 17", Map.of("CLOUDTASK_JOB", "17", "CLOUDTASK_ATTEMPT", "2"), "job 17"),
                engineCopy::write);
        command.await(Duration.ofSeconds(1));

        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        assertThat(store.copyTo(17, 2, stored)).isEqualTo(7);
        assertThat(stored.toString(StandardCharsets.UTF_8)).isEqualTo("echo 17");
        assertThat(engineCopy.toString(StandardCharsets.UTF_8)).isEqualTo("echo 17");
    }

    /** Why it matters: a command that cannot tell its end makes the engine look at it every 250 ms. */
    @Test
    void aRecordedJobStillTellsItsEndAsTheWorkersCommandDoes() throws Exception {
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        RunningCommand telling = new RunningCommand() {
            @Override
            public Optional<ExitStatus> await(Duration timeout) {
                return Optional.of(ExitStatus.exited(0));
            }

            @Override
            public void kill(Duration grace) {
            }

            @Override
            public boolean whenEnded(Runnable listener) {
                listener.run();
                return true;
            }
        };
        Transport worker = address -> new WorkerConnection() {
            @Override
            public RunningCommand start(CommandRequest request, OutputSink output) {
                return telling;
            }

            @Override
            public void ping(Duration timeout) {
            }

            @Override
            public void close() {
            }
        };
        JobOutputStore store = new JobOutputStore(dir.resolve("output"));
        RunningCommand command = new RecordingTransport(worker, store).connect(WorkerAddress.of("w")).start(
                new CommandRequest("true", Map.of("CLOUDTASK_JOB", "3", "CLOUDTASK_ATTEMPT", "1"), "job 3"),
                OutputSink.DISCARD);

        assertThat(command.whenEnded(told::incrementAndGet)).isTrue();
        assertThat(told).hasValue(1);
    }

    @Test
    void jobsAreRecognisedByTheirLabelWhenTheEnvironmentSaysNothing() {
        assertThat(RecordingTransport.jobOf(new CommandRequest("x", Map.of(), "job 5"))).hasValueSatisfying(
                job -> assertThat(job).containsExactly(5, 1));
        assertThat(RecordingTransport.jobOf(new CommandRequest("x", Map.of(), "pre"))).isEmpty();
    }

    @Test
    void setupCommandsAreNotStored() throws Exception {
        JobOutputStore store = new JobOutputStore(dir.resolve("output"));
        WorkerConnection connection = new RecordingTransport(ECHO, store).connect(WorkerAddress.of("w"));
        connection.start(new CommandRequest("./setup.sh", Map.of(), "pre"), OutputSink.DISCARD);
        assertThat(dir.resolve("output")).doesNotExist();
    }

    /** A worker that can queue: it remembers what a queued command waited on and runs it at once. */
    private static final class QueueingWorker implements WorkerConnection {
        RunningCommand waitedOn;

        @Override
        public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
            return ENDED;
        }

        @Override
        public Optional<QueuedCommand> startAfter(RunningCommand previous, CommandRequest request,
                                                  OutputSink output) throws IOException {
            waitedOn = previous;
            byte[] text = request.command().getBytes(StandardCharsets.UTF_8);
            output.write(text, 0, text.length);
            return Optional.of(new QueuedCommand() {
                @Override
                public OptionalLong awaitStart(Duration timeout) {
                    return OptionalLong.of(1);
                }

                @Override
                public boolean withdraw(Duration timeout) {
                    return false;
                }

                @Override
                public boolean withdrawn() {
                    return false;
                }

                @Override
                public Optional<ExitStatus> await(Duration timeout) {
                    return Optional.of(ExitStatus.exited(0));
                }

                @Override
                public void kill(Duration grace) {
                }
            });
        }

        @Override
        public InputStream openFile(String path) {
            return new ByteArrayInputStream(("contents of " + path).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void ping(Duration timeout) {
        }

        @Override
        public void close() {
        }
    }


    @Test
    void aJobQueuedBehindAnotherIsPassedOnAndItsOutputStored() throws Exception {
        JobOutputStore store = new JobOutputStore(dir.resolve("output"));
        QueueingWorker worker = new QueueingWorker();
        WorkerConnection connection = new RecordingTransport(address -> worker, store).connect(WorkerAddress.of("w"));
        RunningCommand first = connection.start(
                new CommandRequest("echo 1", Map.of("CLOUDTASK_JOB", "1"), "job 1"), OutputSink.DISCARD);

        Optional<QueuedCommand> second = connection.startAfter(first,
                new CommandRequest("echo 2", Map.of("CLOUDTASK_JOB", "2"), "job 2"), OutputSink.DISCARD);

        assertThat(second).isPresent();
        assertThat(worker.waitedOn).as("the worker sees its own command, not the wrapper").isSameAs(ENDED);
        second.get().await(Duration.ofSeconds(1));
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        store.copyTo(2, 1, stored);
        assertThat(stored.toString(StandardCharsets.UTF_8)).isEqualTo("echo 2");
    }

    @Test
    void returnedFilesAreReadThroughTheRealConnection() throws Exception {
        WorkerConnection connection = new RecordingTransport(address -> new QueueingWorker(),
                new JobOutputStore(dir.resolve("output"))).connect(WorkerAddress.of("w"));
        try (InputStream in = connection.openFile("out/result.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("contents of out/result.txt");
        }
    }
}
