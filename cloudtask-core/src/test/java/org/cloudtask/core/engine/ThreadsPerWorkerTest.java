package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 4: a slot holds no thread while it waits (for work, for its job's end), and pings hold none, so a
 * hundred busy workers cost the engine a few shared threads, not one per worker. (A real transport adds its own per
 * connection: JSch's reader; the fake one adds none.)
 */
@Timeout(60)
class ThreadsPerWorkerTest {

    @TempDir
    Path sessions;

    @Test
    void aHundredBusyWorkersCostTheEngineAFewSharedThreadsNotOnePerWorker() throws Exception {
        int workers = 100;
        RecordingEvents events = new RecordingEvents();
        FakeTransport transport = new FakeTransport().script((w, r) -> Outcome.exit(0).after(Duration.ofSeconds(2)));
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> task.run(new TaskSettings()
                .command("job").split(workers).pingInterval(Duration.ofMillis(100)), Inputs.seq(1, workers)));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.started().size() == workers);

        long engineThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cloudtask-")).count();
        System.out.println("ThreadsPerWorkerTest: " + engineThreads + " cloudtask threads for " + workers + " workers: "
                + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("cloudtask-"))
                .map(n -> n.replaceAll("[-0-9]+$", "")).collect(java.util.stream.Collectors.groupingBy(n -> n,
                        java.util.stream.Collectors.counting())));

        // why 20: the dispatch and blocking pools, the timer, the health watch, the feeder, and worker lives that
        // have just joined and not yet ended; a thread per slot would make it over 100
        assertThat(engineThreads).isLessThanOrEqualTo(20);
        assertThat(run.get().ok()).isEqualTo(workers);
    }
}
