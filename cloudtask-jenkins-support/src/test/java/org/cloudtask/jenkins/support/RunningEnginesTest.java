package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RunningEnginesTest {

    @Test
    void shutdownAbortsEveryRunningTaskAndWaitsForItToReturn() throws Exception {
        RunningEngines engines = new RunningEngines();
        CountDownLatch aborted = new CountDownLatch(1);
        RunningEngines.Registration registration = engines.register(aborted::countDown);
        Thread task = new Thread(() -> {
            try {
                // the engine winds down after its abort, then the task returns
                if (aborted.await(20, TimeUnit.SECONDS)) registration.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cloudtask-test-task");
        task.start();

        assertThat(engines.abortAll(Duration.ofSeconds(20))).isZero();
        task.join(20_000);
    }

    @Test
    void aTaskThatDoesNotReturnInTimeIsCounted() throws Exception {
        RunningEngines engines = new RunningEngines();
        engines.register(() -> { });
        assertThat(engines.abortAll(Duration.ofMillis(50))).isEqualTo(1);
    }
}
