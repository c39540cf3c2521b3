package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
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
class FakeWorkersTest {

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTransport transport = new FakeTransport();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build();
    }

    private Path session() {
        return sessions.resolve("1");
    }

    @Test
    void strikesRetireAWorkerAndItsJobRunsElsewhereWithoutUsingARetry() {
        transport.script((worker, request) -> worker.equals("fake-1") ? Outcome.exit(1)
                : Outcome.exit(0).after(Duration.ofMillis(20)));

        Summary summary = task().run(new TaskSettings().command("echo").split(2).strikes(2), Inputs.seq(1, 20));

        // the first failure counts (no retries); the second retires fake-1 and its job runs again elsewhere
        assertThat(summary.ok()).isEqualTo(19);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(events.lines()).contains("fake-1: retired after 2 consecutive failures");
        assertThat(events.lines()).anyMatch(l ->
                l.matches("fake-1: exit 1, worker retired after 2 consecutive failures, will run again # echo \\d+"));
        assertThat(transport.jobsStartedOn("fake-1")).isEqualTo(2);
        AttemptRecord struck = Journals.attempts(session()).stream().filter(a -> a.disposition().equals("again"))
                .findFirst().orElseThrow();
        assertThat(Journals.attempts(session())).anyMatch(a -> a.job() == struck.job() && a.worker().equals("fake-2")
                && a.result().equals("EXIT=0") && a.isFinal());
        assertThat(Journals.finalResultsPerJob(session())).hasSize(20).allSatisfy((job, n) -> assertThat(n).isOne());
    }

    @Test
    void aFailedJobIsRetriedOnAWorkerWhereItHasNotFailed() {
        transport.script((worker, request) -> worker.equals("fake-1") ? Outcome.exit(1).after(Duration.ofMillis(20))
                : Outcome.exit(0).after(Duration.ofMillis(1)));

        Summary summary = task().run(new TaskSettings().command("echo").split(2).retries(1), Inputs.seq(1, 20));

        assertThat(summary.ok()).isEqualTo(20);
        List<AttemptRecord> attempts = Journals.attempts(session());
        assertThat(attempts).filteredOn(a -> a.attempt() == 2).isNotEmpty()
                .allSatisfy(a -> assertThat(a.worker()).isEqualTo("fake-2"));
        assertThat(events.lines()).anyMatch(l -> l.matches("fake-1: exit 1, will retry \\(1 of 1\\) # echo \\d+"));
    }

    @Test
    void withOneWorkerLeftARetryRunsWhereTheJobFailed() {
        transport.script((worker, request) -> "1".equals(request.environment().get("CLOUDTASK_ATTEMPT"))
                ? Outcome.exit(1) : Outcome.exit(0));

        Summary summary = task().run(new TaskSettings().command("echo").retries(1), Inputs.seq(1, 3));

        assertThat(summary.ok()).isEqualTo(3);
        assertThat(Journals.attempts(session())).hasSize(6).allMatch(a -> a.worker().equals("fake-1"));
    }

    @Test
    void whenEveryWorkerIsRetiredTheTaskStopsWithTheRestPendingAndSaysSo() {
        transport.script((worker, request) -> Outcome.exit(7));

        Summary summary = task().run(new TaskSettings().command("echo").split(2).strikes(1), Inputs.seq(1, 10));

        assertThat(summary.pending()).isEqualTo(10);
        assertThat(summary.stopReason()).isEqualTo("every worker failed or was retired; 10 jobs remain pending");
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(events.lines()).anyMatch(l -> l.matches("session 1 stopped \\(\\d+ s\\): 10 jobs, 0 ok, 0 failed, "
                + "0 timeouts, 10 pending: every worker failed or was retired"))
                .noneMatch(l -> l.contains("--resume"));
    }

    @Test
    void aWorkerThatStopsAnsweringPingsFailsAndItsJobMovesToAnotherWorker() {
        transport.script((worker, request) -> {
            if (worker.equals("fake-1")) transport.worker("fake-1").breakDown();
            return Outcome.exit(0).after(Duration.ofMillis(20));
        });
        TaskSettings settings = new TaskSettings().command("echo").split(2)
                .pingInterval(Duration.ofMillis(50)).pingTimeout(Duration.ofMillis(50)).pingRetries(2);

        Summary summary = task().run(settings, Inputs.seq(1, 10));

        assertThat(summary.ok()).isEqualTo(10);
        assertThat(summary.lost()).isEqualTo(1);
        assertThat(events.lines()).anyMatch(l -> l.startsWith("fake-1: failed (2 pings in a row got no answer"));
        List<AttemptRecord> attempts = Journals.attempts(session());
        AttemptRecord lost = attempts.stream().filter(a -> a.result().equals("LOST")).findFirst().orElseThrow();
        assertThat(lost.worker()).isEqualTo("fake-1");
        assertThat(attempts).anyMatch(a -> a.job() == lost.job() && a.worker().equals("fake-2") && a.isFinal()
                && a.attempt() == 2);
        assertThat(Journals.finalResultsPerJob(session())).hasSize(10).allSatisfy((job, n) -> assertThat(n).isOne());
    }

    @Test
    void aLostConnectionRequeuesTheJobWithoutUsingARetry() {
        transport.script((worker, request) -> worker.equals("fake-1") ? Outcome.loseConnection()
                : Outcome.exit(0).after(Duration.ofMillis(20)));

        Summary summary = task().run(new TaskSettings().command("echo").split(2), Inputs.seq(1, 5));

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(summary.lost()).isEqualTo(1);
        assertThat(events.lines()).anyMatch(l -> l.matches("fake-1: lost, worker failed, will run again # echo \\d"));
    }

    @Test
    void whenEveryWorkerFailsTheTaskStopsAndIsResumable() {
        transport.script((worker, request) -> Outcome.loseConnection());

        Summary summary = task().run(new TaskSettings().command("echo").split(2), Inputs.seq(1, 5));

        assertThat(summary.pending()).isEqualTo(5);
        assertThat(summary.exitCode()).isEqualTo(1);
        transport.script((worker, request) -> Outcome.exit(0));
        Summary resumed = CloudTask.builder().sessionsDirectory(sessions).transport(new FakeTransport()).build()
                .resume(1, s -> s);
        assertThat(resumed.ok()).isEqualTo(5);
    }

    @Test
    void aRefusedWorkerIsDroppedAndTheTaskGoesOnWithTheOthers() {
        transport.worker("fake-1").refuses();

        Summary summary = task().run(new TaskSettings().command("echo").split(2), Inputs.seq(1, 5));

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(events.lines()).contains("fake-1: dropped, refused: authentication refused by fake-1");
        assertThat(transport.worker("fake-1").connects()).isEqualTo(1);
    }

    @Test
    void aPreListedWorkerThatCannotBeReachedGetsOneAttempt() {
        transport.worker("fake-1").failsConnects(1);

        Summary summary = task().run(new TaskSettings().command("echo").split(2), Inputs.seq(1, 5));

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(transport.worker("fake-1").connects()).isEqualTo(1);
        assertThat(events.lines()).contains("fake-1: dropped, cannot connect: connection refused by fake-1");
    }

    @Test
    void aFailingPreCommandDropsTheWorker() {
        // why jobs of 0.1 s: a worker that connects after the last job ended does not join at all
        transport.script((worker, request) -> request.label().equals("pre") && worker.equals("fake-2")
                ? Outcome.exit(3, "no such package\n") : Outcome.exit(0).after(Duration.ofMillis(100)));

        Summary summary = task().run(new TaskSettings().command("echo").split(2).pre("apt-get install x"),
                Inputs.seq(1, 5));

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(events.lines()).contains("fake-2: dropped, pre exited 3: no such package");
        assertThat(transport.jobsStartedOn("fake-2")).isZero();
    }

    @Test
    void theOverlayIsCopiedBeforePreAndAWorkerThatCannotTakeItIsDropped() {
        transport.worker("fake-2").cannotCopyOverlay();
        transport.script((worker, request) -> Outcome.exit(0).after(Duration.ofMillis(100)));

        Summary summary = task().run(new TaskSettings().command("echo").split(2).overlay(sessions).pre("setup"),
                Inputs.seq(1, 5));

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(transport.started()).filteredOn(s -> s.worker().equals("fake-1")).extracting(s -> s.request().label())
                .startsWith("overlay", "pre");
        assertThat(events.lines()).contains(
                "fake-2: dropped, the overlay could not be copied: this transport cannot copy an overlay");
    }

    @Test
    void postRunsOnEachWorkerWhenItHasNoMoreWork() {
        Summary summary = task().run(new TaskSettings().command("echo").split(2).post("cleanup"), Inputs.seq(1, 5));
        assertThat(summary.ok()).isEqualTo(5);
        // why not both: a worker that connects after the last job ended does not join (nothing left for it)
        List<String> joined = events.lines().stream().filter(l -> l.contains(": joined with"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertThat(joined).isNotEmpty();
        assertThat(transport.started()).filteredOn(s -> s.request().label().equals("post"))
                .extracting(FakeTransport.Started::worker).containsExactlyInAnyOrderElementsOf(joined);
    }

    @Test
    void preListedWorkersAreUsedWithTheirSlots() {
        Summary summary = task().run(new TaskSettings().command("echo").split(1)
                .workers(List.of(new WorkerAddress("u", "w1", 2222, 3, null))), Inputs.seq(1, 9));
        assertThat(summary.ok()).isEqualTo(9);
        assertThat(events.lines()).contains("w1:2222: joined with 3 slots");
    }

    @Test
    void abortKillsHangingJobsAndRecordsThemAsAborted() throws Exception {
        transport.script((worker, request) -> Outcome.hang());
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("echo").split(3), Inputs.seq(1, 10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.started().size() == 3);
        task.abort();
        Summary summary = run.get();
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.pending()).isEqualTo(10);
        assertThat(Journals.attempts(session())).hasSize(3).allMatch(a -> a.result().equals("ABORTED"));
        assertThat(events.lines()).anyMatch(l -> l.matches("fake-\\d: aborted # echo \\d"));
        assertThat(events.lines().get(events.lines().size() - 1)).startsWith("session 1 aborted (")
                .doesNotContain("--resume");
    }

    @Test
    void noEngineThreadOutlivesARun() throws Exception {
        transport.script((worker, request) -> Outcome.exit(0).after(Duration.ofMillis(2)));
        task().run(new TaskSettings().command("echo").split(4).slotsPerWorker(2)
                .pingInterval(Duration.ofMillis(20)), Inputs.seq(1, 50));
        CloudTask aborted = task();
        transport.script((worker, request) -> Outcome.hang());
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                aborted.run(new TaskSettings().command("echo").split(2), Inputs.seq(1, 5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.started().size() >= 52);
        aborted.abort();
        run.get();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                        .noneMatch(n -> n.startsWith("cloudtask-")));
    }

    @Test
    void attemptEventsCarryJobAttemptAndResult() {
        task().run(new TaskSettings().command("echo"), Inputs.lines("hello world"));
        assertThat(events.started()).singleElement().satisfies(e -> {
            assertThat(e.jobId()).isEqualTo(1);
            assertThat(e.input()).isEqualTo("hello world");
            assertThat(e.command()).isEqualTo("echo hello world");
            assertThat(e.worker()).isEqualTo("fake-1");
        });
        assertThat(events.finished()).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo("EXIT=0");
            assertThat(e.finished()).isNotNull();
            assertThat(e.willRetry()).isFalse();
        });
        assertThat(Map.of("total", 1L)).isNotEmpty();
    }
}
