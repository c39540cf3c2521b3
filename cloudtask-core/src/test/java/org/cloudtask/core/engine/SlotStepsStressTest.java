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
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized stress of slots that hold no thread (issue 18 item 4): 12 runs of 600 jobs on 40 fake workers with 2
 * slots each, 80 slots sharing a few dispatch threads. Jobs end at once or after a while, fail, hang until their
 * timeout kills them (the kill waits on the blocking pool), or lose their worker's connection; the transport queues
 * jobs or not, and calls back at a command's end or not (the slot then looks from time to time). Half of the runs are
 * aborted at a random moment and resumed. For every run: it ends by itself (the resume too); every job has exactly one
 * final result, its last attempt; every command a worker started is recorded once, so nothing finished ran again.
 * The seed is printed; {@code -Dcloudtask.stress.seed=N} replays it (as far as thread timing allows). About 20-40 s.
 */
@Timeout(400)
class SlotStepsStressTest {

    private static final int RUNS = 12;
    private static final int JOBS = 600;
    private static final int WORKERS = 40;
    private static final int SLOTS = 2;
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @TempDir
    Path sessions;

    @Test
    void everyRunEndsByItselfWithExactlyOneFinalResultPerJobAndNothingRunTwice() throws Exception {
        long seed = Long.getLong("cloudtask.stress.seed", System.nanoTime());
        System.out.println("SlotStepsStressTest seed: " + seed + " (replay with -Dcloudtask.stress.seed=" + seed + ")");
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++) {
            oneRun(run, seeds.nextLong(), seed);
        }
    }

    private void oneRun(int run, long runSeed, long seed) throws Exception {
        SplittableRandom shape = new SplittableRandom(runSeed);
        boolean queueing = shape.nextBoolean();
        boolean silent = shape.nextInt(3) == 0;
        long abortAfterMillis = shape.nextBoolean() ? 20 + shape.nextInt(400) : -1;
        String context = "seed " + seed + ", run " + run + " (queueing " + queueing + ", silent " + silent
                + ", abort after " + abortAfterMillis + " ms)";

        Path dir = sessions.resolve("run-" + run);
        RecordingEvents events = new RecordingEvents();
        FakeTransport transport = new FakeTransport();
        if (queueing) transport.queueing();
        if (silent) transport.silent();
        // why a budget: a dropped worker never comes back, so the run must keep some workers to end with every result
        AtomicInteger drops = new AtomicInteger(6);
        transport.script((worker, request) -> outcome(random(runSeed, request, 1), drops));
        CloudTask task = CloudTask.builder().sessionsDirectory(dir).transport(transport).events(events).build();
        TaskSettings settings = new TaskSettings().command("job").split(WORKERS).slotsPerWorker(SLOTS).retries(1)
                .strikes(0).timeout(TIMEOUT).killGrace(Duration.ofMillis(50));

        CompletableFuture<Summary> running = CompletableFuture.supplyAsync(() -> task.run(settings,
                Inputs.seq(1, JOBS)));
        if (abortAfterMillis >= 0) {
            Thread.sleep(abortAfterMillis);
            task.abort();
        }
        Summary first = endsByItself(running, task, context, events);
        Summary last = first;
        if (first.pending() > 0) {
            CloudTask again = CloudTask.builder().sessionsDirectory(dir).transport(transport).events(events).build();
            last = endsByItself(CompletableFuture.supplyAsync(() -> again.resume(1, s -> s)), again,
                    context + ", resumed", events);
        }

        String about = context + ": " + first + " then " + last + "\n" + tail(events.lines());
        Path session = dir.resolve("1");
        assertThat(last.pending()).as(about).isZero();
        assertThat(Journals.finalResultsPerJob(session)).as(about)
                .containsOnlyKeys(LongStream.rangeClosed(1, JOBS).boxed().toList())
                .allSatisfy((job, n) -> assertThat(n).as(about + "\njob " + job).isOne());
        Map<Long, List<AttemptRecord>> attempts = Journals.attempts(session).stream()
                .collect(Collectors.groupingBy(AttemptRecord::job, TreeMap::new, Collectors.toList()));
        attempts.forEach((job, list) -> assertThat(list.get(list.size() - 1).isFinal())
                .as(about + "\nno attempt after the final one of job " + job + ": " + list).isTrue());
        Map<Long, Long> started = transport.started().stream()
                .collect(Collectors.groupingBy(s -> job(s.request()), TreeMap::new, Collectors.counting()));
        assertThat(Journals.attemptsPerJob(session)).as(about + "\nevery start on a worker is recorded, once")
                .isEqualTo(started);
    }

    private static Summary endsByItself(CompletableFuture<Summary> running, CloudTask task, String context,
                                        RecordingEvents events) throws Exception {
        try {
            return running.get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.abort();
            task.abort();
            throw new AssertionError(context + ": the run did not end by itself; last lines: " + tail(events.lines()));
        }
    }

    /** Mostly instant jobs, some of a while, some failures, a few that hang until killed, rare lost connections. */
    private static Outcome outcome(SplittableRandom random, AtomicInteger drops) {
        int roll = random.nextInt(1000);
        Duration takes = roll < 100 ? Duration.ofMillis(5 + random.nextInt(100)) : Duration.ofMillis(random.nextInt(2));
        if (roll >= 995 && drops.getAndDecrement() > 0) return Outcome.loseConnection().after(takes);
        if (roll >= 975) return Outcome.hang();
        if (roll >= 940) return Outcome.exit(1, "failed\n").after(takes);
        return Outcome.exit(0, "ok\n").after(takes);
    }
}
