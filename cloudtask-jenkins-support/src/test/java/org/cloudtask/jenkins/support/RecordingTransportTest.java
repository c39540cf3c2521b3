package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTransportTest {

    @TempDir
    Path dir;

    /** A worker that prints its command's text in two pieces, as a real one prints in bursts. */
    private static final Transport ECHO = address -> new WorkerConnection() {
        @Override
        public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
            byte[] text = request.command().getBytes(StandardCharsets.UTF_8);
            output.write(text, 0, 2);
            output.write(text, 2, text.length - 2);
            return new RunningCommand() {
                @Override
                public Optional<ExitStatus> await(Duration timeout) {
                    return Optional.of(ExitStatus.exited(0));
                }

                @Override
                public void kill(Duration grace) {
                }
            };
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
}
