package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that runs dry while another slot is handing its next job to its worker (between taking it from the queue
 * and listing it as queued there) finds the job in neither place; it must still hear of it and take it back, instead
 * of idling while the job waits behind a long one.
 */
@Timeout(60)
class DryWorkerTakesQueuedJobTest {

    @TempDir
    Path sessions;

    @Test
    void aWorkerThatRanDryWhileAJobWasBeingQueuedElsewhereTakesItBack() {
        FakeTransport fake = new FakeTransport().queueing().script((worker, request) ->
                request.command().endsWith(" 1") ? Outcome.exit(0).after(Duration.ofSeconds(4)) : Outcome.exit(0));
        CountDownLatch queueing = new CountDownLatch(1);
        Transport transport = address -> {
            if (address.displayName().equals("fake-2")) await(queueing); // why: joins while fake-1 queues job 2
            WorkerConnection connection = fake.connect(address);
            return new HoldingConnection(connection, queueing);
        };

        org.cloudtask.core.testing.RecordingEvents events = new org.cloudtask.core.testing.RecordingEvents();
        Summary summary = CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build()
                .run(new TaskSettings().command("job").workers(List.of(WorkerAddress.of("fake-1"),
                        WorkerAddress.of("fake-2"))).split(2), Inputs.seq(1, 2));

        assertThat(summary.ok()).as(events.lines().toString()).isEqualTo(2);
        assertThat(fake.started()).filteredOn(s -> s.request().command().endsWith(" 2"))
                .as("job 2 ran on the worker that was idle, not behind job 1")
                .extracting(FakeTransport.Started::worker).containsExactly("fake-2");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a command on the worker, then holds for a while before the engine lists it as queued. */
    private record HoldingConnection(WorkerConnection connection, CountDownLatch queueing) implements WorkerConnection {
        @Override
        public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
            return connection.start(request, output);
        }

        @Override
        public Optional<QueuedCommand> startAfter(RunningCommand previous, CommandRequest request, OutputSink output)
                throws IOException {
            Optional<QueuedCommand> queued = connection.startAfter(previous, request, output);
            queueing.countDown();
            try {
                Thread.sleep(1000); // why: fake-2 joins and finds no job meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return queued;
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
