package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.local.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pipeline stop, as the {@code cloudtask} step handles it, against the real engine with a local worker: the first
 * stop is the gentle abort (the job gets TERM and its grace), the step ends only once the engine has finished, and it
 * fails with the stop's own cause; a second stop kills at once.
 */
@Timeout(120)
class StopOrderTest {

    @TempDir
    Path dir;

    private final AtomicReference<Summary> summary = new AtomicReference<>();
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();

    /** The step's thread: runs the engine inside the stop order, as CloudTaskStep.Execution does. */
    private Thread step(StopOrder order, String command, Duration killGrace) {
        Path sessions = dir.resolve("sessions");
        TaskParameters parameters = new TaskParameters(command);
        parameters.setInputsText("1\n");
        TaskSettings settings = SettingsMapper.toSettings(parameters, List.of(), null, null, "job#1", "f")
                .killGrace(killGrace);
        CloudTask engine = CloudTask.builder()
                .sessionsDirectory(sessions)
                .transport(new LocalTransport())
                .events(new BuildEvents(new PrintStream(OutputStream.nullOutputStream()), new JobTable(dir.resolve("t.tsv")), 1))
                .build();
        Thread thread = new Thread(() -> {
            try {
                order.run(() -> {
                    order.engineStarted(engine::abort);
                    Summary s = engine.run(settings, new ByteArrayInputStream("1\n".getBytes(StandardCharsets.UTF_8)));
                    summary.set(s);
                    return s;
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "cloudtask-test-step");
        thread.start();
        return thread;
    }

    @Test
    void theFirstStopIsTheGentleAbortAndTheStepEndsAfterTheEngineWithTheStopsCause() throws Exception {
        StopOrder order = new StopOrder();
        Path started = dir.resolve("started");
        Path termed = dir.resolve("termed");
        Thread step = step(order, "sh -c 'trap \"sleep 1; touch " + termed + "; exit 1\" TERM; touch " + started
                + "; while :; do sleep 0.2; done'", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));

        InterruptedException cause = new InterruptedException("aborted by a user");
        order.stop(cause);

        step.join(60_000);
        assertThat(step.isAlive()).isFalse();
        assertThat(thrown.get()).as("the step fails with the stop's own cause").isSameAs(cause);
        assertThat(summary.get()).as("the engine finished before the step ended").isNotNull();
        assertThat(summary.get().aborted()).isTrue();
        assertThat(summary.get().pending()).isEqualTo(1);
        assertThat(termed).as("the job got TERM and its grace: the gentle abort").exists();
    }

    @Test
    void aSecondStopKillsWithoutWaitingForTheGrace() throws Exception {
        StopOrder order = new StopOrder();
        Path started = dir.resolve("started");
        Thread step = step(order, "sh -c 'trap \"\" TERM; touch " + started + "; while :; do sleep 0.2; done'",
                Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));

        InterruptedException first = new InterruptedException("aborted by a user");
        order.stop(first);
        // why: the job ignores TERM, so the gentle abort waits out its ten-minute grace; the step stays running
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(step::isAlive);

        order.stop(new InterruptedException("aborted again"));

        step.join(60_000);
        assertThat(step.isAlive()).as("the second stop killed the job without its grace").isFalse();
        assertThat(thrown.get()).isSameAs(first);
        assertThat(summary.get().aborted()).isTrue();
    }

    @Test
    void aStopBeforeTheEngineExistsReachesItAndAStopBeforeTheWorkStartsSkipsIt() throws Exception {
        StopOrder early = new StopOrder();
        early.stop(new InterruptedException("stopped at once"));
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        Throwable skipped = catchThrowable(() -> early.run(() -> ran.getAndSet(true)));
        assertThat(skipped).hasMessage("stopped at once");
        assertThat(ran).hasValue(false);

        StopOrder order = new StopOrder();
        AtomicReference<Integer> aborts = new AtomicReference<>(0);
        Throwable thrownByRun = catchThrowable(() -> order.run(() -> {
            order.stop(new InterruptedException("stopped while starting"));
            order.engineStarted(() -> aborts.updateAndGet(n -> n + 1));
            return "done";
        }));
        assertThat(aborts).as("the early stop reached the engine once").hasValue(1);
        assertThat(thrownByRun).hasMessage("stopped while starting");
    }
}
