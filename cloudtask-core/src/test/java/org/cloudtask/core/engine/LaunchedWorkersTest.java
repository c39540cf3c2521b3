package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.cloudtask.core.testing.FakeProvisioner;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.cloudtask.core.worker.WorkerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LaunchedWorkersTest {

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTransport transport = new FakeTransport();
    private final FakeProvisioner provisioner = new FakeProvisioner();

    private CloudTask task(FakeProvisioner p) {
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).provisioner(p).events(events)
                .build();
    }

    private TaskSettings settings(int split) {
        return new TaskSettings().command("echo").split(split).workers(List.of(WorkerAddress.of("listed")));
    }

    private List<String> journal() throws Exception {
        return Files.readAllLines(sessions.resolve("1/journal"));
    }

    @Test
    void theWorkersMissingFromTheSplitAreLaunchedRecordedFirstAndAllDestroyed() throws Exception {
        transport.script((w, r) -> Outcome.exit(0).after(Duration.ofMillis(10)));

        Summary summary = task(provisioner).run(settings(3), Inputs.seq(1, 30));

        assertThat(summary.ok()).isEqualTo(30);
        assertThat(provisioner.destroyed()).containsExactlyInAnyOrder("i-1", "i-2");
        List<String> journal = journal();
        int created = indexOf(journal, "LAUNCH \\d+ created i-1 fake.small");
        int firstUse = indexOf(journal, "START \\d+ 1 \\d+ launched-1 .*");
        assertThat(created).isNotNegative().isLessThan(firstUse < 0 ? Integer.MAX_VALUE : firstUse);
        assertThat(journal).anyMatch(l -> l.matches("[0-9a-f]{8} LAUNCH \\d+ destroyed i-2"));
        assertThat(events.lines()).contains("launching 2 workers (fake)", "launched-1: destroyed");
    }

    private static int indexOf(List<String> journal, String regex) {
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i).substring(9).matches(regex)) return i;
        }
        return -1;
    }

    @Test
    void everyIdleLaunchedWorkerIsDestroyedAtOnceWhileTheLastJobStillRuns() throws Exception {
        // the listed worker's first job runs until the test lets it end; the launched ones run out of work long
        // before, and none of them stays behind as a spare
        java.util.concurrent.CountDownLatch longJob = new java.util.concurrent.CountDownLatch(1);
        transport.script((w, r) -> {
            if (w.equals("listed") && r.environment().get("CLOUDTASK_JOB").equals("1")) {
                try {
                    longJob.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Outcome.exit(0).after(Duration.ofMillis(20));
        });
        CloudTask task = task(provisioner);
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> task.run(settings(4), Inputs.seq(1, 40)));

        await().atMost(Duration.ofSeconds(30)).until(() -> provisioner.destroyed().size() == 3);
        assertThat(run).isNotDone();
        longJob.countDown();
        assertThat(run.get().ok()).isEqualTo(40);
        assertThat(provisioner.destroyed()).hasSize(3);
    }

    @Test
    void aJobLostAfterTheLaunchedWorkersLeftGetsAWorkerLaunchedForIt() throws Exception {
        // the listed worker's first job loses the connection once both launched workers are gone
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        transport.script((w, r) -> {
            if (w.equals("listed") && first.getAndSet(false)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> provisioner.destroyed().size() == 2);
                return Outcome.loseConnection();
            }
            return Outcome.exit(0).after(Duration.ofMillis(20));
        });

        Summary summary = task(provisioner).run(settings(3), Inputs.seq(1, 20));

        assertThat(summary.ok()).as(events.lines().toString()).isEqualTo(20);
        assertThat(summary.lost()).isOne();
        assertThat(provisioner.destroyed()).containsExactlyInAnyOrder("i-1", "i-2", "i-3");
        assertThat(events.lines()).contains("launching a worker (jobs wait and no worker is left)");
    }

    @Test
    void aLaunchedWorkerThatIsRefusedIsDestroyedAndReplacedAtMostOncePerLaunchedWorker() throws Exception {
        transport.script((w, r) -> Outcome.exit(0).after(Duration.ofMillis(20)));
        transport.worker("launched-1").refuses();
        transport.worker("launched-2").refuses();
        transport.worker("launched-3").refuses();

        Summary summary = task(provisioner).run(settings(2), Inputs.seq(1, 20));

        assertThat(summary.ok()).isEqualTo(20);
        assertThat(events.lines()).contains("launching a replacement for launched-1 (dropped)",
                "no replacement for launched-2 (dropped): the replacements are used up");
        assertThat(provisioner.destroyed()).containsExactlyInAnyOrder("i-1", "i-2");
    }

    @Test
    void abortDestroysEveryLaunchedWorker() throws Exception {
        transport.script((w, r) -> Outcome.hang());
        CloudTask task = task(provisioner);
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> task.run(settings(3), Inputs.seq(1, 10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.started().size() == 3);

        task.abort();

        assertThat(run.get().aborted()).isTrue();
        assertThat(provisioner.destroyed()).containsExactlyInAnyOrder("i-1", "i-2");
    }

    @Test
    void aLaunchedWorkerGetsRetriedConnectionsWhileItBoots() {
        transport.worker("launched-1").failsConnects(2);
        transport.worker("listed").refuses();

        Summary summary = task(provisioner).run(settings(2).bootTimeout(Duration.ofSeconds(30)), Inputs.seq(1, 3));

        assertThat(summary.ok()).isEqualTo(3);
        assertThat(transport.worker("launched-1").connects()).isEqualTo(3);
    }

    @Test
    void anAbortEndsABootingWorkersBackoffAtOnceWithNoFurtherAttempt() throws Exception {
        transport.worker("launched-1").failsConnects(1000);
        transport.worker("listed").refuses();
        CloudTask task = task(provisioner);
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(
                () -> task.run(settings(2).bootTimeout(Duration.ofSeconds(600)), Inputs.seq(1, 3)));
        // attempts at 0, 1 and 3 s (backoff 1 s, then 2 s); the next wait is 4 s
        await().atMost(Duration.ofSeconds(20)).until(() -> transport.worker("launched-1").connects() >= 3);
        int attempts = transport.worker("launched-1").connects();

        task.abort();
        Summary summary = run.get(3, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(summary.aborted()).isTrue();
        assertThat(transport.worker("launched-1").connects()).as("attempts after the abort").isEqualTo(attempts);
        assertThat(provisioner.destroyed()).contains("i-1");
    }

    @Test
    void aFailedDestroyIsRetried() throws Exception {
        provisioner.failDestroys(2);

        Summary summary = task(provisioner).run(settings(2), Inputs.seq(1, 5));

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(provisioner.events()).containsSubsequence("destroy failed i-1", "destroy failed i-1", "destroyed i-1");
    }

    @Test
    void workersAnEarlierControllerCouldNotDestroyAreDestroyedOnResume() throws Exception {
        FakeProvisioner broken = new FakeProvisioner().failAllDestroys();
        transport.script((w, r) -> w.equals("listed") ? Outcome.exit(0) : Outcome.exit(1));
        Summary first = task(broken).run(settings(2).strikes(1), Inputs.seq(1, 3));
        assertThat(events.lines()).anyMatch(l -> l.contains("could not be destroyed after 4 attempts")
                && l.contains("destroy i-1 by hand"));
        assertThat(first.total()).isEqualTo(3);
        assertThat(CloudTask.launchedNotDestroyed(sessions, 1)).extracting(w -> w.instanceId()).containsExactly("i-1");
        assertThat(CloudTask.launchedNotDestroyed(sessions, 1).get(0).address().host()).isEqualTo("launched-1");

        FakeProvisioner working = new FakeProvisioner();
        transport.script((w, r) -> Outcome.exit(0));
        try {
            task(working).retry(1, s -> s.split(1));
        } catch (CloudTaskException e) {
            assertThat(e).hasMessageStartingWith("session 1 finished");
        }

        assertThat(working.destroyed()).containsExactly("i-1");
        assertThat(CloudTask.launchedNotDestroyed(sessions, 1)).isEmpty();
        assertThat(events.lines()).anyMatch(l -> l.startsWith("destroying 1 workers launched by an earlier controller"));
        assertThat(Journals.finalResultsPerJob(sessions.resolve("1"))).hasSize(3);
    }

    @Test
    void haltNowKillsTheRunningJobsDestroysTheLaunchedWorkersAndLeavesTheRestPending() throws Exception {
        // the listed worker fails its jobs at once; the launched ones run long jobs that the halt kills
        transport.script((w, r) -> w.equals("listed") ? Outcome.exit(3).after(Duration.ofMillis(300))
                : Outcome.hang());
        TaskSettings settings = settings(3).killGrace(Duration.ZERO).halt(HaltPolicy.parse("now,fail=1", 20));

        Summary summary = task(provisioner).run(settings, Inputs.seq(1, 30));

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.pending()).isEqualTo(29);
        assertThat(summary.aborted()).isFalse();
        assertThat(summary.stopReason()).startsWith("halted by --halt now,fail=1: 1 of the 1 jobs");
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(provisioner.destroyed()).containsExactlyInAnyOrder("i-1", "i-2");
        assertThat(Files.readAllLines(sessions.resolve("1/failed"))).hasSize(1);
    }
}
