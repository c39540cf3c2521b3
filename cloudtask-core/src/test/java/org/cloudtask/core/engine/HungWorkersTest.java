package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
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

/**
 * Workers that freeze (SIGSTOP: nothing answers, nothing breaks) are failed within ping interval + retries ×
 * (interval + timeout) however many of them freeze at once, and the jobs they held, running or queued behind a
 * running one, run elsewhere at once. Workers that left the pool are never pinged, failed nor replaced.
 */
@Timeout(120)
class HungWorkersTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);
    private static final int RETRIES = 2;
    // interval + retries × (interval + timeout)
    private static final Duration BOUND = INTERVAL.plus(INTERVAL.plus(PING_TIMEOUT).multipliedBy(RETRIES));
    // why: a loaded CI machine schedules late; still far below what one shared ping thread per hung worker costs
    private static final Duration SLACK = Duration.ofMillis(1500);

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTransport transport = new FakeTransport().queueing();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build();
    }

    private TaskSettings settings(int split) {
        return new TaskSettings().command("job").split(split).pingInterval(INTERVAL).pingTimeout(PING_TIMEOUT)
                .pingRetries(RETRIES);
    }

    private long failedWorkers() {
        return events.lines().stream().filter(l -> l.contains(": failed (" + RETRIES + " pings in a row")).count();
    }

    @Test
    void manyFrozenWorkersAreAllFailedWithinTheBoundAndTheirJobsRunElsewhere() throws Exception {
        int workers = 60;
        int frozen = 20;
        transport.script((w, r) -> Outcome.exit(0).after(Duration.ofMillis(100)));
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(
                () -> task.run(settings(workers), Inputs.seq(1, 1500)));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.lines().stream()
                .filter(l -> l.contains(": joined with")).count() == workers);

        long frozenAt = System.nanoTime();
        IntStream.rangeClosed(1, frozen).forEach(i -> transport.worker("fake-" + i).freeze());

        await().atMost(BOUND.plus(SLACK)).until(() -> failedWorkers() == frozen);
        Duration detection = Duration.ofNanos(System.nanoTime() - frozenAt);
        System.out.println("HungWorkersTest: " + frozen + " of " + workers + " frozen workers failed within "
                + detection.toMillis() + " ms (bound " + BOUND.toMillis() + " ms)");

        Summary summary = run.get();
        assertThat(summary.ok()).isEqualTo(1500);
        assertThat(Journals.finalResultsPerJob(sessions.resolve("1")).values()).hasSize(1500).containsOnly(1L);
    }

    @Test
    void jobsQueuedBehindARunningJobOnAFrozenWorkerMoveAsSoonAsItIsFailed() throws Exception {
        // fake-1's job runs until it is killed, with the next one queued behind it; fake-2 has work for seconds
        transport.script((w, r) -> w.equals("fake-1") ? Outcome.hang() : Outcome.exit(0).after(Duration.ofMillis(50)));
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(
                () -> task.run(settings(2), Inputs.seq(1, 100)));
        await().atMost(Duration.ofSeconds(30)).until(() -> transport.queued().stream()
                .anyMatch(q -> q.worker().equals("fake-1")));
        long queuedJob = jobId(transport.queued().stream().filter(q -> q.worker().equals("fake-1"))
                .findFirst().orElseThrow());
        long runningJob = jobId(transport.started().stream().filter(q -> q.worker().equals("fake-1"))
                .findFirst().orElseThrow());

        transport.worker("fake-1").freeze();
        await().atMost(BOUND.plus(SLACK)).until(() -> failedWorkers() == 1);
        Instant failed = Instant.now();

        Summary summary = run.get();
        assertThat(summary.ok()).isEqualTo(100);
        for (long job : List.of(queuedJob, runningJob)) {
            AttemptEvent again = events.started().stream().filter(e -> e.jobId() == job && e.worker().equals("fake-2"))
                    .findFirst().orElseThrow();
            assertThat(Duration.between(failed, again.started())).as("job %d started again", job)
                    .isLessThan(Duration.ofSeconds(2));
        }
        assertThat(Journals.finalResultsPerJob(sessions.resolve("1")).values()).hasSize(100).containsOnly(1L);
    }

    private static long jobId(FakeTransport.Started started) {
        return Long.parseLong(started.request().label().substring("job ".length()));
    }

    @Test
    void aWorkerThatLeftIsNeverPingedFailedNorReplaced() throws Exception {
        // the listed worker's one job outlasts the launched workers, which run dry and leave long before it ends
        FakeProvisioner provisioner = new FakeProvisioner();
        transport.script((w, r) -> w.equals("listed") ? Outcome.exit(0).after(Duration.ofSeconds(3))
                : Outcome.exit(0).after(Duration.ofMillis(20)));
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(transport).provisioner(provisioner)
                .events(events).build();
        TaskSettings settings = settings(3).workers(List.of(WorkerAddress.of("listed")))
                .pingInterval(Duration.ofMillis(50)).pingTimeout(Duration.ofSeconds(1)).pingRetries(2);

        Summary summary = task.run(settings, Inputs.seq(1, 20));

        assertThat(summary.ok()).isEqualTo(20);
        assertThat(events.lines()).noneMatch(l -> l.contains(": failed ("));
        assertThat(events.lines()).noneMatch(l -> l.contains("replacement"));
        assertThat(provisioner.events()).filteredOn(e -> e.startsWith("created")).hasSize(2);
        assertThat(transport.worker("launched-1").pingsAfterClose()).isZero();
        assertThat(transport.worker("launched-2").pingsAfterClose()).isZero();
        Map<Long, Long> results = Journals.finalResultsPerJob(sessions.resolve("1"));
        assertThat(results.values()).hasSize(20).containsOnly(1L);
    }

    @Test
    void randomFreezesAndFaultsNeverLoseNorRepeatAJobAndTheRunEnds() throws Exception {
        long seed = System.nanoTime();
        System.out.println("HungWorkersTest random seed: " + seed + " (replay: new Random(seed))");
        java.util.Random random = new java.util.Random(seed);
        int workers = 30;
        int jobs = 2000;
        // why per-call randomness from a seeded source under a lock: the script runs on many slot threads
        java.util.Set<String> losing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        transport.script((w, r) -> {
            synchronized (random) {
                if (losing.contains(w)) return Outcome.loseConnection().after(Duration.ofMillis(random.nextInt(20)));
                if (random.nextInt(100) < 5) return Outcome.exit(1).after(Duration.ofMillis(random.nextInt(20)));
                return Outcome.exit(0).after(Duration.ofMillis(random.nextInt(40)));
            }
        });
        // some workers join late or never (the run may end while they still connect)
        for (int i = 0; i < 5; i++) {
            transport.worker("fake-" + (1 + random.nextInt(workers))).slowConnects(Duration.ofMillis(random.nextInt(2000)));
        }
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(
                () -> task.run(settings(workers).retries(3), Inputs.seq(1, jobs)));
        List<Integer> order = new java.util.ArrayList<>(IntStream.rangeClosed(1, workers).boxed().toList());
        java.util.Collections.shuffle(order, random);
        for (int i = 0; i < 8; i++) {
            Thread.sleep(random.nextInt(400));
            String name = "fake-" + order.get(i);
            switch (random.nextInt(3)) {
                case 0 -> transport.worker(name).freeze();
                case 1 -> transport.worker(name).breakDown();
                default -> losing.add(name);
            }
        }

        Summary summary = run.get(90, java.util.concurrent.TimeUnit.SECONDS);

        Map<Long, Long> results = Journals.finalResultsPerJob(sessions.resolve("1"));
        assertThat(summary.pending()).as("seed %d", seed).isZero();
        assertThat(results).as("seed %d", seed).hasSize(jobs);
        assertThat(results.values()).as("seed %d", seed).containsOnly(1L);
        // nothing runs after its final result: each job's final attempt is its last one
        Map<Long, Long> lastStart = new java.util.HashMap<>();
        Map<Long, Long> finalStart = new java.util.HashMap<>();
        for (var attempt : Journals.attempts(sessions.resolve("1"))) {
            lastStart.merge(attempt.job(), attempt.startMillis(), Math::max);
            if (attempt.isFinal()) finalStart.put(attempt.job(), attempt.startMillis());
        }
        assertThat(finalStart).as("seed %d", seed).isEqualTo(lastStart);
    }
}
