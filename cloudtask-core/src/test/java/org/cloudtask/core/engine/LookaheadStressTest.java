package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.core.testing.StressRuns.job;
import static org.cloudtask.core.testing.StressRuns.random;
import static org.cloudtask.core.testing.StressRuns.tail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized stress of lookahead (issue 14): 20 runs of 500 jobs (10,000 in all) of random lengths over fake
 * workers whose withdrawal answers come at random before and after the take-back's limit, whose connections drop at
 * random (while a job runs, or between a start report and a withdrawal answer), with failures and retries. For every
 * run: it ends by itself; every job has exactly one final result, its last attempt; every command a worker started
 * is recorded once (a job that reported its start is never run again as "never started", nothing runs unrecorded).
 * The seed is printed; {@code -Dcloudtask.stress.seed=N} replays it (as far as thread timing allows). About 5-15 s.
 */
@Timeout(300)
class LookaheadStressTest {

    private static final int RUNS = 20;
    private static final int JOBS = 500;
    private static final int WORKERS = 5;
    private static final int SLOTS = 3;
    // why: short limits so that answers "around the limit" cost milliseconds, not seconds
    private static final Duration WITHDRAW_LIMIT = Duration.ofMillis(20);
    private static final EngineLimits LIMITS = new EngineLimits(WITHDRAW_LIMIT, Duration.ofMillis(300),
            Duration.ofSeconds(60));

    @TempDir
    Path sessions;

    @Test
    void everyRunEndsByItselfWithExactlyOneFinalResultPerJobAndNoStartUnrecorded() throws Exception {
        long seed = Long.getLong("cloudtask.stress.seed", System.nanoTime());
        System.out.println("LookaheadStressTest seed: " + seed + " (replay with -Dcloudtask.stress.seed=" + seed + ")");
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int run = 1; run <= RUNS; run++) {
            oneRun(run, seeds.nextLong(), seed);
        }
    }

    private void oneRun(int run, long runSeed, long seed) throws Exception {
        Path dir = sessions.resolve("run-" + run);
        RecordingEvents events = new RecordingEvents();
        FakeTransport transport = new FakeTransport().queueing();
        // why a budget: a dropped worker never comes back, so the run must keep some workers to end with every result
        AtomicInteger drops = new AtomicInteger(2);
        transport.script((worker, request) -> outcome(random(runSeed, request, 1), drops));
        transport.withdrawAnswers(request -> {
            SplittableRandom random = random(runSeed, request, 2);
            if (random.nextInt(20) == 0 && drops.getAndDecrement() > 0) {
                transport.worker(request.environment().get("CLOUDTASK_WORKER")).dropConnection();
            }
            // around the limit: half of the answers come in time, half after the take-back gave up
            return Duration.ofMillis(random.nextInt((int) WITHDRAW_LIMIT.toMillis() * 2 + 1));
        });
        CloudTask task = CloudTask.builder().sessionsDirectory(dir).transport(transport).events(events)
                .limits(LIMITS).build();
        TaskSettings settings = new TaskSettings().command("job").split(WORKERS).slotsPerWorker(SLOTS).retries(2)
                .strikes(0);

        CompletableFuture<Summary> running = CompletableFuture.supplyAsync(() ->
                task.run(settings, Inputs.seq(1, JOBS)));
        Summary summary;
        try {
            summary = running.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.abort();
            task.abort();
            throw new AssertionError("seed " + seed + ", run " + run + ": the run did not end by itself; last lines: "
                    + tail(events.lines()));
        }

        String context = "seed " + seed + ", run " + run + ": " + summary + "\n" + tail(events.lines());
        Path session = dir.resolve("1");
        assertThat(summary.pending()).as(context).isZero();
        assertThat(Journals.finalResultsPerJob(session)).as(context)
                .containsOnlyKeys(LongStream.rangeClosed(1, JOBS).boxed().toList())
                .allSatisfy((job, n) -> assertThat(n).as(context + "\njob " + job).isOne());
        Map<Long, List<AttemptRecord>> attempts = Journals.attempts(session).stream()
                .collect(Collectors.groupingBy(AttemptRecord::job, TreeMap::new, Collectors.toList()));
        attempts.forEach((job, list) -> {
            AttemptRecord last = list.get(list.size() - 1);
            assertThat(last.isFinal()).as(context + "\nno attempt after the final one of job " + job + ": " + list)
                    .isTrue();
            assertThat(list).as(context + "\nno start after the END of job " + job)
                    .allMatch(a -> a.startMillis() <= last.endMillis());
        });
        Map<Long, Long> started = transport.started().stream()
                .collect(Collectors.groupingBy(s -> job(s.request()), TreeMap::new, Collectors.counting()));
        assertThat(Journals.attemptsPerJob(session)).as(context + "\nevery start on a worker is recorded, once")
                .isEqualTo(started);
    }

    /** Mostly quick jobs, some long ones (queued jobs behind them get stolen), some failures, rare lost connections. */
    private static Outcome outcome(SplittableRandom random, AtomicInteger drops) {
        int roll = random.nextInt(1000);
        Duration takes = roll < 50 ? Duration.ofMillis(20 + random.nextInt(60))
                : Duration.ofMillis(random.nextInt(3));
        if (roll >= 995 && drops.getAndDecrement() > 0) return Outcome.loseConnection().after(takes);
        if (roll >= 960) return Outcome.exit(1, "failed\n").after(takes);
        return Outcome.exit(0, "ok\n").after(takes);
    }
}
