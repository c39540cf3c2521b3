package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.RecordingEvents;
import org.cloudtask.core.worker.WorkerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Once every job has its result, the run stops connecting to workers that have not joined yet, and ends. */
@Timeout(60)
class NoWorkLeftTest {

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTransport transport = new FakeTransport();

    @Test
    void theRunEndsWhenTheJobsAreDoneWithoutWaitingForWorkersStillConnecting() {
        List<WorkerAddress> workers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            workers.add(WorkerAddress.of("w" + i));
            // only w1 connects at once; the others' handshakes would take 20 s
            if (i > 1) transport.worker("w" + i).slowConnects(Duration.ofSeconds(20));
        }
        TaskSettings settings = new TaskSettings().command("echo").split(10).workers(workers);
        long start = System.nanoTime();

        Summary summary = CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build()
                .run(settings, Inputs.seq(1, 50));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(summary.ok()).isEqualTo(50);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(events.lines()).filteredOn(l -> l.contains("joined")).containsExactly("w1: joined with 1 slot");
        assertThat(events.lines()).noneMatch(l -> l.contains("dropped"));
    }
}
