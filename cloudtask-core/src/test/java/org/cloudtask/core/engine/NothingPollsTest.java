package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 4: a slot whose transport calls back at a command's end waits for news, it does not poll. */
@Timeout(60)
class NothingPollsTest {

    @TempDir
    Path sessions;

    @Test
    void aSlotLooksAtItsRunningCommandOnlyWhenThereIsNews() {
        AtomicInteger looks = new AtomicInteger();
        FakeTransport fake = new FakeTransport().script((w, r) -> Outcome.exit(0).after(Duration.ofMillis(1500)));
        Transport counting = address -> new CountingConnection(fake.connect(address), looks);

        Summary summary = CloudTask.builder().sessionsDirectory(sessions).transport(counting).build()
                .run(new TaskSettings().command("job").workers(java.util.List.of(WorkerAddress.of("fake-1"))),
                        Inputs.seq(1, 1));

        assertThat(summary.ok()).isOne();
        // one look when the job starts, one at its end; looking up every 250 ms made it 6 or more
        assertThat(looks.get()).isLessThanOrEqualTo(3);
    }

    /** Counts how often the engine asks a command whether it has ended. */
    private record CountingConnection(WorkerConnection connection, AtomicInteger looks) implements WorkerConnection {
        @Override
        public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
            RunningCommand command = connection.start(request, output);
            return new RunningCommand() {
                @Override
                public Optional<ExitStatus> await(Duration timeout)
                        throws InterruptedException, org.cloudtask.core.worker.WorkerLostException {
                    looks.incrementAndGet();
                    return command.await(timeout);
                }

                @Override
                public void kill(Duration grace) throws IOException, InterruptedException {
                    command.kill(grace);
                }

                @Override
                public boolean whenEnded(Runnable listener) {
                    return command.whenEnded(listener);
                }
            };
        }

        @Override
        public void ping(Duration timeout) throws IOException, InterruptedException {
            connection.ping(timeout);
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
