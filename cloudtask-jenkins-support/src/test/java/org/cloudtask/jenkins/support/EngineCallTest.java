package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cloudtask.core.engine.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EngineCallTest {

    private static Summary summary(boolean aborted) {
        return new Summary(1, Duration.ZERO, 2, 1, 0, 0, 1, 0, aborted, null);
    }

    @Test
    void theEngineRunsOnANamedThreadAndItsSummaryIsReturned() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        Summary s = EngineCall.run("cloudtask-jenkins-test", () -> {
            thread.set(Thread.currentThread().getName());
            return summary(false);
        }, () -> { });
        assertThat(s.aborted()).isFalse();
        assertThat(thread).hasValue("cloudtask-jenkins-test");
    }

    @Test
    void interruptingTheBuildAbortsTheEngineAndWaitsForItToWindDown() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        AtomicInteger aborts = new AtomicInteger();
        AtomicReference<Summary> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                result.set(EngineCall.run("cloudtask-jenkins-test", () -> {
                    aborted.await(20, TimeUnit.SECONDS);
                    return summary(true);
                }, () -> {
                    aborts.incrementAndGet();
                    aborted.countDown();
                }));
                interruptFlag.set(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "cloudtask-test-build");
        build.start();
        await().until(() -> build.getState() == Thread.State.TIMED_WAITING);

        build.interrupt();
        build.join(20_000);

        assertThat(aborts).hasValue(1);
        assertThat(result.get().aborted()).isTrue();
        assertThat(interruptFlag).hasValue(true);
    }
}
