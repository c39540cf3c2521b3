package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress counts stay true under random job durations, failures and retries, whether pushed as events when
 * jobs end or pulled by the front end's one-second redraw ({@link CloudTask#progress()}): never more running than
 * slots, never more accounted for than the total, the total final once the input has ended. And the run keeps the
 * engine's promises: every job exactly one final result, the run ends by itself.
 */
@Timeout(120)
class ProgressCountsStressTest {

    @TempDir
    Path sessions;

    @Test
    void progressNeverShowsMoreRunningThanSlots() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ProgressCountsStressTest seed " + seed);
        Random random = new Random(seed);
        RecordingEvents events = new RecordingEvents();
        FakeTransport transport = new FakeTransport();
        transport.script((worker, request) -> {
            int roll;
            synchronized (random) {
                roll = random.nextInt(100);
            }
            Outcome outcome = roll < 15 ? Outcome.exit(1) : Outcome.exit(0);
            return outcome.after(Duration.ofMillis(roll % 7));
        });
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build();
        List<Progress> pulled = new CopyOnWriteArrayList<>();
        AtomicBoolean over = new AtomicBoolean();
        Thread puller = new Thread(() -> {
            while (!over.get()) {
                Progress now = task.progress();
                if (now != null) pulled.add(now);
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        });
        puller.start();
        int split = 4;
        int jobs = 400;
        Summary summary;
        try {
            summary = task.run(new TaskSettings().command("echo").split(split).retries(1), Inputs.seq(1, jobs));
        } finally {
            over.set(true);
            puller.join();
        }

        assertThat(summary.total()).isEqualTo(jobs);
        assertThat(Journals.finalResultsPerJob(sessions.resolve("1"))).hasSize(jobs)
                .allSatisfy((job, n) -> assertThat(n).isOne());
        List<Progress> all = new java.util.ArrayList<>(events.progress());
        all.addAll(pulled);
        assertThat(all).isNotEmpty().allSatisfy(p -> {
            assertThat(p.running()).as(p.toString()).isBetween(0L, (long) split);
            assertThat(p.done() + p.running() + p.pending()).as(p.toString()).isLessThanOrEqualTo(p.total());
            if (p.inputComplete()) assertThat(p.total()).isEqualTo(jobs);
        });
        assertThat(events.progress()).last().satisfies(p -> assertThat(p.inputComplete()).isTrue());
    }
}
