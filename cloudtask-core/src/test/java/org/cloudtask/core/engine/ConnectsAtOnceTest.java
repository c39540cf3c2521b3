package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 4: listed workers wait for their turn to connect without a thread of their own; at most
 * {@link Transport#connectsAtOnce} connect at once, and every one of them joins.
 */
@Timeout(60)
class ConnectsAtOnceTest {

    @TempDir
    Path sessions;

    @Test
    void listedWorkersConnectAtMostConnectsAtOnceAtATimeAndAllJoin() {
        FakeTransport fake = new FakeTransport()
                .script((w, r) -> FakeTransport.Outcome.exit(0).after(java.time.Duration.ofMillis(100)));
        AtomicInteger connecting = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Transport twoAtOnce = new Transport() {
            @Override
            public WorkerConnection connect(WorkerAddress address) throws IOException, InterruptedException {
                most.accumulateAndGet(connecting.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                    return fake.connect(address);
                } finally {
                    connecting.decrementAndGet();
                }
            }

            @Override
            public int connectsAtOnce() {
                return 2;
            }
        };
        java.util.List<WorkerAddress> workers = java.util.stream.IntStream.rangeClosed(1, 12)
                .mapToObj(i -> WorkerAddress.of("fake-" + i)).toList();

        Summary summary = CloudTask.builder().sessionsDirectory(sessions).transport(twoAtOnce).build()
                .run(new TaskSettings().command("job").workers(workers).split(12), Inputs.seq(1, 200));

        assertThat(summary.ok()).isEqualTo(200);
        assertThat(most).hasValue(2);
        assertThat(fake.started().stream().map(FakeTransport.Started::worker).distinct().count())
                .as("workers that ran a job: every one, in turns of two").isEqualTo(12);
    }
}
