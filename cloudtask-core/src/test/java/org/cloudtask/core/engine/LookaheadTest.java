package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cloudtask.core.session.JournalReader;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.FakeTransport.Started;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.cloudtask.core.worker.CommandRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A slot hands its worker the next job while the current one runs (transports that can queue). */
@Timeout(60)
class LookaheadTest {

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTransport transport = new FakeTransport().queueing();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build();
    }

    private Path session() {
        return sessions.resolve("1");
    }

    private static long job(CommandRequest request) {
        return Long.parseLong(request.environment().get("CLOUDTASK_JOB"));
    }

    @Test
    void everyJobRunsOnceWithItsOwnOutputWhenJobsWaitOnTheWorker() throws IOException {
        transport.script((worker, request) -> Outcome.exit(0, "out " + job(request) + "\n")
                .after(Duration.ofMillis(job(request) % 3)));

        Summary summary = task().run(new TaskSettings().command("echo").split(2).slotsPerWorker(2),
                Inputs.seq(1, 200));

        assertThat(summary.ok()).isEqualTo(200);
        assertThat(transport.queued()).isNotEmpty();
        assertThat(transport.started()).hasSize(200);
        assertThat(Journals.attemptsPerJob(session())).hasSize(200).allSatisfy((job, n) -> assertThat(n).isOne());
        assertThat(Journals.attempts(session())).allSatisfy(a -> {
            assertThat(a.result()).isEqualTo("EXIT=0");
            assertThat(Journals.output(session(), a)).isEqualTo("out " + a.job() + "\n");
        });
        assertThat(Files.readAllLines(session().resolve("jobs"))).hasSize(200).allMatch(l -> l.startsWith("EXIT=0 "));
    }

    @Test
    void aQueuedJobStartsInTheJournalAfterItsPredecessorEndedWhereItsOutputEnded() {
        transport.script((worker, request) -> Outcome.exit(0, "out " + job(request) + "\n")
                .after(Duration.ofMillis(2)));

        task().run(new TaskSettings().command("echo").split(1).slotsPerWorker(2), Inputs.seq(1, 100));

        assertThat(transport.queued()).isNotEmpty();
        Map<String, List<String[]>> perOutput = journalRecordsPerOutput();
        assertThat(perOutput).isNotEmpty();
        perOutput.values().forEach(records -> {
            long end = 0;
            for (int i = 0; i < records.size(); i++) {
                String[] r = records.get(i);
                // a slot's records alternate START, END, START...; each attempt's output begins where the last ended
                assertThat(r[0]).isEqualTo(i % 2 == 0 ? JournalRecords.START : JournalRecords.END);
                if (r[0].equals(JournalRecords.START)) {
                    assertThat(Long.parseLong(r[6])).isEqualTo(end);
                } else {
                    end = Long.parseLong(r[8]) + Long.parseLong(r[9]);
                }
            }
        });
    }

    /** START and END records by slot output file, in journal order: START job attempt millis worker output offset. */
    private Map<String, List<String[]>> journalRecordsPerOutput() {
        Map<String, List<String[]>> perOutput = new HashMap<>();
        try {
            JournalReader.read(session().resolve("journal"), text -> {
                String[] f = text.split(" ");
                if (f[0].equals(JournalRecords.START)) perOutput.computeIfAbsent(f[5], o -> new ArrayList<>()).add(f);
                if (f[0].equals(JournalRecords.END)) perOutput.computeIfAbsent(f[7], o -> new ArrayList<>()).add(f);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return perOutput;
    }

    @Test
    void aJobQueuedBehindALongOneRunsOnASlotThatRanDryWithoutWaitingForIt() throws Exception {
        // job 1 runs until the abort; the other slot's job starts only once a job is queued behind job 1, so that
        // slot then runs dry while the queued job waits
        transport.script((worker, request) -> {
            if (job(request) == 1) return Outcome.hang();
            await().atMost(Duration.ofSeconds(20)).until(() -> !transport.queued().isEmpty());
            return Outcome.exit(0, "out " + job(request) + "\n");
        });
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("echo").split(1).slotsPerWorker(2), Inputs.seq(1, 3)));

        await().atMost(Duration.ofSeconds(30)).until(() -> Journals.finalResultsPerJob(session()).size() == 2);
        List<Started> queued = transport.queued();
        assertThat(queued).hasSize(1);
        long stolen = job(queued.get(0).request());
        List<AttemptRecord> done = Journals.attempts(session());
        assertThat(done).noneMatch(a -> a.job() == 1);
        AttemptRecord other = done.stream().filter(a -> a.job() != stolen).findFirst().orElseThrow();
        AttemptRecord took = done.stream().filter(a -> a.job() == stolen).findFirst().orElseThrow();
        assertThat(took.output()).isEqualTo(other.output());
        assertThat(took.attempt()).isOne();
        assertThat(Journals.output(session(), took)).isEqualTo("out " + stolen + "\n");

        task.abort();
        Summary summary = run.get(30, TimeUnit.SECONDS);
        assertThat(summary.ok()).isEqualTo(2);
        assertThat(summary.pending()).isEqualTo(1);
        assertThat(transport.started()).hasSize(3);
    }

    @Test
    void anAbortLeavesQueuedJobsUnrunAndPendingAndAResumeRunsThem() throws Exception {
        transport.script((worker, request) -> job(request) == 1 ? Outcome.hang() : Outcome.exit(0, "out\n"));
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("echo"), Inputs.seq(1, 3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !transport.queued().isEmpty());

        task.abort();

        Summary summary = run.get(30, TimeUnit.SECONDS);
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.pending()).isEqualTo(3);
        assertThat(transport.started()).extracting(s -> job(s.request())).containsExactly(1L);
        assertThat(Journals.attempts(session())).singleElement()
                .satisfies(a -> assertThat(a.job()).isOne()).satisfies(a -> assertThat(a.result()).isEqualTo("ABORTED"));
        assertThat(Files.readAllLines(session().resolve("jobs"))).allMatch(l -> l.startsWith("PENDING "));

        transport.script((worker, request) -> Outcome.exit(0, "out\n"));
        Summary resumed = task().resume(1, settings -> settings);
        assertThat(resumed.ok()).isEqualTo(3);
        assertThat(Journals.finalResultsPerJob(session())).hasSize(3).allSatisfy((job, n) -> assertThat(n).isOne());
        assertThat(Journals.attemptsPerJob(session())).containsEntry(1L, 2L).containsEntry(2L, 1L)
                .containsEntry(3L, 1L);
    }

    @Test
    void aSecondAbortLeavesEveryJobPendingWhetherOrNotItsQueuedJobsStarted() throws Exception {
        transport.script((worker, request) -> Outcome.hang());
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("echo").slotsPerWorker(2), Inputs.seq(1, 4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> transport.queued().size() == 2);

        task.abort();
        task.abort();

        // a queued job is withdrawn before its predecessor is killed, unless the abort came the very moment it was
        // queued: then it starts after the kill and is killed at once by its slot
        Summary summary = run.get(30, TimeUnit.SECONDS);
        assertThat(summary.pending()).isEqualTo(4);
        assertThat(Journals.attempts(session())).hasSize(transport.started().size())
                .allMatch(a -> a.result().equals("ABORTED"));
        assertThat(Journals.attemptsPerJob(session())).allSatisfy((job, n) -> assertThat(n).isOne());
    }

    @Test
    void aJobQueuedOnAWorkerThatIsLostRunsElsewhereWithNoAttemptOnTheLostWorker() {
        // fake-2 starts its first job only once fake-1 has queued a job behind its own, whose connection then breaks
        transport.script((worker, request) -> {
            if (worker.equals("fake-1")) return Outcome.loseConnection().after(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> transport.queued().stream()
                    .anyMatch(s -> s.worker().equals("fake-1")));
            return Outcome.exit(0, "out " + job(request) + "\n").after(Duration.ofMillis(5));
        });

        Summary summary = task().run(new TaskSettings().command("echo").split(2), Inputs.seq(1, 20));

        assertThat(summary.ok()).as(() -> summary + "\n" + events.lines() + "\n" + Journals.attempts(session())
                + "\n" + transport.queued()).isEqualTo(20);
        assertThat(summary.lost()).isOne();
        List<Long> queuedOnLost = transport.queued().stream().filter(s -> s.worker().equals("fake-1"))
                .map(s -> job(s.request())).collect(Collectors.toList());
        assertThat(queuedOnLost).isNotEmpty();
        List<AttemptRecord> attempts = Journals.attempts(session());
        assertThat(attempts).filteredOn(a -> a.worker().equals("fake-1")).singleElement()
                .satisfies(a -> assertThat(a.result()).isEqualTo("LOST"));
        for (long job : queuedOnLost) {
            assertThat(attempts).filteredOn(a -> a.job() == job).singleElement().satisfies(a -> {
                assertThat(a.worker()).isEqualTo("fake-2");
                assertThat(a.attempt()).isOne();
                assertThat(Journals.output(session(), a)).isEqualTo("out " + job + "\n");
            });
        }
        assertThat(Journals.finalResultsPerJob(session())).hasSize(20).allSatisfy((job, n) -> assertThat(n).isOne());
    }

    @Test
    void withReturnedFilesNoJobWaitsOnTheWorker() {
        Summary summary = task().run(new TaskSettings().command("echo").slotsPerWorker(2)
                .returns(List.of("result.txt")), Inputs.seq(1, 20));

        assertThat(summary.ok()).isEqualTo(20);
        assertThat(transport.queued()).isEmpty();
    }

    @Test
    void withLookaheadSwitchedOffNoJobWaitsOnTheWorker() {
        Summary summary = task().run(new TaskSettings().command("echo").slotsPerWorker(2).lookahead(false),
                Inputs.seq(1, 20));

        assertThat(summary.ok()).isEqualTo(20);
        assertThat(transport.queued()).isEmpty();
    }

    @Test
    void aTransportThatCannotQueueIsAskedOnceAndRunsEveryJobAsBefore() {
        FakeTransport plain = new FakeTransport()
                .script((worker, request) -> Outcome.exit(0, "out " + job(request) + "\n").after(Duration.ofMillis(2)));

        Summary summary = CloudTask.builder().sessionsDirectory(sessions).transport(plain).events(events).build()
                .run(new TaskSettings().command("echo").slotsPerWorker(2), Inputs.seq(1, 50));

        assertThat(summary.ok()).isEqualTo(50);
        // asked once per connection; its two slots may both ask before the first answer is remembered
        assertThat(plain.queued()).hasSizeBetween(1, 2);
        assertThat(plain.started()).hasSize(50);
        assertThat(Journals.attempts(session())).hasSize(50)
                .allSatisfy(a -> assertThat(Journals.output(session(), a)).isEqualTo("out " + a.job() + "\n"));
    }

    @Test
    void haltNowLeavesAJobQueuedBehindARunningOneUnrun() {
        // job 1 runs until killed; the other slot's job starts (and soon fails) only once a job is queued behind
        // job 1, and a failure halts the run at once
        transport.script((worker, request) -> {
            if (job(request) == 1) return Outcome.hang();
            await().atMost(Duration.ofSeconds(20)).until(() -> !transport.queued().isEmpty());
            return Outcome.exit(1).after(Duration.ofMillis(100));
        });

        Summary summary = task().run(new TaskSettings().command("echo").slotsPerWorker(2)
                .halt(HaltPolicy.parse("now,fail=1", 1)), Inputs.seq(1, 3));

        List<Started> queued = transport.queued();
        assertThat(queued).hasSize(1);
        long unrun = job(queued.get(0).request());
        long failed = 5 - unrun;
        assertThat(summary.failed()).isOne();
        assertThat(summary.pending()).isEqualTo(2);
        assertThat(transport.started()).extracting(s -> job(s.request())).containsExactlyInAnyOrder(1L, failed);
        assertThat(Journals.attempts(session())).extracting(AttemptRecord::job, AttemptRecord::result)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, "ABORTED"),
                        org.assertj.core.groups.Tuple.tuple(failed, "EXIT=1"));
    }

    @Test
    void aJobQueuedBehindOneThatTimesOutStartsAfterTheKillWithATimeoutOfItsOwn() {
        transport.script((worker, request) -> Outcome.hang());

        Summary summary = task().run(new TaskSettings().command("echo").timeout(Duration.ofMillis(300)),
                Inputs.seq(1, 3));

        assertThat(summary.timeouts()).isEqualTo(3);
        assertThat(transport.queued()).isNotEmpty();
        assertThat(Journals.attemptsPerJob(session())).hasSize(3).allSatisfy((job, n) -> assertThat(n).isOne());
    }
}
