package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 6: a journal commit that does not finish in time is the run's error, never a success. */
@Timeout(60)
class SlowJournalCommitTest {

    @TempDir
    Path sessions;

    @Test
    void aLastCommitThatDoesNotFinishInTimeFailsTheRunAndTheSessionStaysLockedUntilTheWriterStopped()
            throws Exception {
        // the console line of the summary runs on the journal's writer once its record is committed; holding it
        // there holds the writer, like a disk that does not answer
        CountDownLatch disk = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        TaskEvents events = new TaskEvents() {
            @Override
            public void log(String line) {
                if (!line.startsWith("session 1 done")) return;
                held.countDown();
                try {
                    disk.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(new FakeTransport()).events(events)
                .limits(new EngineLimits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(300)))
                .build();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("echo"), Inputs.seq(1, 3)));

        held.await(30, TimeUnit.SECONDS);
        // the run waits for the writer to stop before it lets go of the session
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !run.isDone());
        disk.countDown();

        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CloudTaskException.class)
                .hasMessageContaining("cannot write the journal of session 1")
                .hasMessageContaining("not written within 300 ms");
        assertThat(Files.readString(sessions.resolve("1/journal"))).doesNotContain("SYNCED");
        assertThat(sessions.resolve("1/snapshot")).doesNotExist();
    }
}
