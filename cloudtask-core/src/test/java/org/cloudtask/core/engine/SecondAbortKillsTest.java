package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, settled: a second abort's kills do not wait for each other, nor hold the pool while they wait. */
@Timeout(60)
class SecondAbortKillsTest {

    @TempDir
    Path sessions;

    @Test
    void aKillThatHangsOnOneWorkerDelaysNeitherTheOtherWorkersKillNorTheRest() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        FakeTransport transport = new FakeTransport().script((worker, request) -> Outcome.hang());
        transport.worker("fake-1").killsWaitFor(answer);
        transport.worker("fake-2").ignoresTerm();
        RecordingEvents events = new RecordingEvents();
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(events).build();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("sleep").split(2), Inputs.seq(1, 2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.started().size() == 2);

        // the first abort's kills: fake-1's waits for an answer, fake-2's job ignores TERM; the second abort kills
        // without grace
        task.abort();
        await().atMost(Duration.ofSeconds(20)).until(() -> transport.worker("fake-1").kills() == 1
                && transport.worker("fake-2").kills() == 1);
        task.abort();

        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> Journals.attempts(sessions.resolve("1")).stream()
                    .anyMatch(a -> a.worker().equals("fake-2") && a.result().equals("ABORTED")));
        } finally {
            answer.countDown();
        }
        Summary summary = run.get(30, TimeUnit.SECONDS);
        assertThat(summary.pending()).isEqualTo(2);
        assertThat(Journals.attempts(sessions.resolve("1"))).extracting(AttemptRecord::result)
                .containsOnly("ABORTED");
    }
}
