package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Aborts that come close together or while the input is still streaming. */
@Timeout(120)
class AbortEdgesTest {

    @TempDir
    Path sessions;
    private final RecordingEvents events = new RecordingEvents();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).events(events).build();
    }

    @Test
    void jobsKilledByASecondAbortRightAfterTheFirstStayPending() throws Exception {
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("sleep").split(4), Inputs.lines("60", "60", "60", "60")));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.started().size() == 4);

        task.abort();
        task.abort();

        Summary summary = run.get(60, TimeUnit.SECONDS);
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.failed()).isZero();
        assertThat(summary.pending()).isEqualTo(4);
        assertThat(Journals.attempts(sessions.resolve("1"))).allMatch(a -> a.result().equals("ABORTED"));
        assertThat(Files.readAllLines(sessions.resolve("1/jobs"))).allMatch(l -> l.startsWith("PENDING "));
    }

    @Test
    void anAbortStillStoresTheRestOfASlowInputAsPendingJobs() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(feed);
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("sleep"), input));
        write(feed, "3\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.started().size() == 1);

        task.abort();
        for (int i = 0; i < 5; i++) {
            // why: a producer slower than the abort; every line it writes afterwards must still reach the session
            await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);
            write(feed, "0.1\n");
        }
        assertThat(run).isNotDone();
        String waiting = "aborted: saving the rest of the input as pending jobs until it ends; abort again to stop"
                + " reading it";
        await().atMost(Duration.ofSeconds(30)).until(() -> events.lines().contains(waiting));
        assertThat(run).isNotDone();
        feed.close();

        Summary summary = run.get(60, TimeUnit.SECONDS);
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.pending()).isEqualTo(6);
        assertThat(events.started()).hasSize(1);
        Path session = sessions.resolve("1");
        List<String> jobs = Files.readAllLines(session.resolve("jobs"));
        assertThat(jobs).hasSize(6).allMatch(l -> l.startsWith("PENDING "));

        Summary resumed = task().resume(1, s -> s);
        assertThat(resumed.ok()).isEqualTo(6);
        assertThat(Journals.finalResultsPerJob(session)).hasSize(6);
    }

    @Test
    void aSecondAbortGivesUpOnTheInputAndSaysSo() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(feed);
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("sleep"), input));
        write(feed, "60\n60\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.started().size() == 1);
        task.abort();
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.finished().isEmpty());
        assertThat(run).isNotDone();

        task.abort();

        Summary summary = run.get(60, TimeUnit.SECONDS);
        feed.close();
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.pending()).isEqualTo(2);
        String said = "second abort: the rest of the input was not read and is not saved in session 1 (2 job lines"
                + " were saved); run the unread lines as a new task";
        assertThat(events.lines()).contains(said);
        assertThat(Files.readAllLines(sessions.resolve("1/log"))).contains(said);
    }

    private static void write(PipedOutputStream feed, String text) throws IOException {
        feed.write(text.getBytes(StandardCharsets.UTF_8));
        feed.flush();
    }
}
