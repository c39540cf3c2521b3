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

    @Test
    void aWorkerThatJoinsLateStartsItsFirstJobAtOnce() throws Exception {
        List<WorkerAddress> workers = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            workers.add(WorkerAddress.of("w" + i));
            transport.worker("w" + i).slowConnects(Duration.ofMillis(100L * i));
        }
        transport.queueing().script((w, r) -> FakeTransport.Outcome.exit(0).after(Duration.ofMillis(50)));
        TaskSettings settings = new TaskSettings().command("echo").split(20).workers(workers);

        Summary summary = CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build()
                .run(settings, Inputs.seq(1, 800));

        assertThat(summary.ok()).isEqualTo(800);
        java.util.Map<String, Long> joined = new java.util.HashMap<>();
        java.util.Map<String, Long> firstStart = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(sessions.resolve("1/journal"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[1].equals("WORKER") && f[4].equals("joined")) joined.put(f[3], Long.parseLong(f[2]));
            if (f.length > 5 && f[1].equals("START")) firstStart.merge(f[5], Long.parseLong(f[4]), Math::min);
        }
        assertThat(joined).hasSize(20);
        joined.forEach((worker, at) -> assertThat(firstStart.get(worker) - at).as(worker).isBetween(0L, 500L));
    }
}
