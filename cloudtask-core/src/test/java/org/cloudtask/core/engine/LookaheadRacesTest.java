package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.cloudtask.core.worker.CommandRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's races around jobs queued ahead on a worker (see {@link Lookahead}), each reproduced with the fake
 * transport: withdrawal answers that come after the take-back gave up, a connection that breaks between a start
 * report and a withdrawal answer, and a job that failed on every worker with retries left.
 */
@Timeout(90)
class LookaheadRacesTest {

    // why short: the races need the answers to come after the take-back gave up; these keep the tests quick
    private static final EngineLimits LIMITS = new EngineLimits(Duration.ofMillis(200), Duration.ofSeconds(3),
            Duration.ofSeconds(60));
    private static final Duration LATE = Duration.ofMillis(700);

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTransport transport = new FakeTransport().queueing();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).limits(LIMITS)
                .build();
    }

    private Path session() {
        return sessions.resolve("1");
    }

    private static long job(CommandRequest request) {
        return Long.parseLong(request.environment().get("CLOUDTASK_JOB"));
    }

    private Summary runWithin(CloudTask task, TaskSettings settings, int jobs) throws Exception {
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> task.run(settings, Inputs.seq(1, jobs)));
        try {
            return run.get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            task.abort();
            task.abort();
            throw new AssertionError("the run did not end by itself; journal: " + Journals.attempts(session())
                    + "\nlog: " + events.lines());
        }
    }

    @Test
    void aJobWhoseWithdrawalIsAnsweredAfterTheThiefGaveUpGoesBackAndTheRunEnds() throws Exception {
        // one worker, two slots: job 1 runs 1.5 s; the other slot's job ends only once a job is queued behind job 1;
        // that slot then runs dry and steals the queued job, whose "withdrawn" answer comes after it stopped waiting
        transport.withdrawAnswers(r -> LATE).script((worker, request) -> {
            if (job(request) == 1) return Outcome.exit(0, "one\n").after(Duration.ofMillis(1500));
            await().atMost(Duration.ofSeconds(20)).until(() -> !transport.queued().isEmpty());
            return Outcome.exit(0, "out " + job(request) + "\n");
        });

        Summary summary = runWithin(task(), new TaskSettings().command("echo").split(1).slotsPerWorker(2), 3);

        assertThat(summary.ok()).isEqualTo(3);
        assertThat(transport.queued()).hasSize(1);
        assertThat(Journals.finalResultsPerJob(session())).hasSize(3).allSatisfy((job, n) -> assertThat(n).isOne());
        assertEveryStartRecorded();
    }

    @Test
    void aJobTakenBackByItsOwnSlotAfterItsWorkerFailedGoesBackWhenTheLateAnswerComes() throws Exception {
        // fake-1's first job runs until killed; once a job waits behind it, fake-1 stops answering pings (it
        // fails) and answers the withdrawal late; fake-2 runs everything else
        transport.script((worker, request) -> worker.equals("fake-1") && transport.jobsStartedOn("fake-1") == 1
                ? Outcome.hang() : Outcome.exit(0, "out " + job(request) + "\n").after(Duration.ofMillis(30)));
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> task.run(new TaskSettings()
                .command("echo").split(2).pingInterval(Duration.ofMillis(100)).pingRetries(1), Inputs.seq(1, 40)));
        await().atMost(Duration.ofSeconds(20)).until(() -> transport.queued().stream()
                .anyMatch(s -> s.worker().equals("fake-1")));
        transport.withdrawAnswers(r -> LATE);
        transport.worker("fake-1").failPings();

        Summary summary;
        try {
            summary = run.get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            task.abort();
            task.abort();
            throw new AssertionError("the run did not end by itself: " + Journals.attempts(session()));
        }

        assertThat(summary.ok()).as(events.lines().toString()).isEqualTo(40);
        assertThat(summary.pending()).isZero();
        assertThat(Journals.finalResultsPerJob(session())).hasSize(40).allSatisfy((job, n) -> assertThat(n).isOne());
        assertEveryStartRecorded();
    }

    @Test
    void aQueuedJobWhoseStartWasReportedIsNeverTakenBackWhenTheConnectionBreaksBeforeTheAnswer() throws Exception {
        // job 1 fails and halts the run at once; job 2, queued behind it, has started by then, so its slot's
        // withdrawal is answered "started", but the connection breaks before that answer arrives
        transport.withdrawAnswers(request -> {
            transport.worker("fake-1").dropConnection();
            return LATE;
        }).script((worker, request) -> job(request) == 1 ? Outcome.exit(1).after(Duration.ofMillis(300))
                : Outcome.hang());

        Summary summary = runWithin(task(), new TaskSettings().command("echo").split(1)
                .halt(HaltPolicy.parse("now,fail=1", 1)), 3);

        assertThat(summary.failed()).isOne();
        assertThat(transport.started()).extracting(s -> job(s.request())).containsExactly(1L, 2L);
        assertThat(Journals.attempts(session())).extracting(AttemptRecord::job).containsExactlyInAnyOrder(1L, 2L);
        assertEveryStartRecorded();
    }

    @Test
    void aJobThatFailsOnEveryWorkerGetsAllItsRetriesAndEndsFailed() throws Exception {
        transport.script((worker, request) -> Outcome.exit(1, "no\n").after(Duration.ofMillis(20)));

        Summary summary = runWithin(task(), new TaskSettings().command("false").split(2).retries(3), 1);

        assertThat(summary.failed()).as(events.lines().toString()).isOne();
        assertThat(summary.pending()).isZero();
        assertThat(summary.stopReason()).isNull();
        assertThat(Journals.attempts(session())).hasSize(4).extracting(AttemptRecord::worker)
                .contains("fake-1", "fake-2");
    }

    /** Every command the workers started has its attempt in the journal, once: none ran unrecorded or twice. */
    private void assertEveryStartRecorded() {
        Map<Long, Long> started = transport.started().stream()
                .collect(Collectors.groupingBy(s -> job(s.request()), Collectors.counting()));
        assertThat(Journals.attemptsPerJob(session())).isEqualTo(new java.util.TreeMap<>(started));
    }
}
