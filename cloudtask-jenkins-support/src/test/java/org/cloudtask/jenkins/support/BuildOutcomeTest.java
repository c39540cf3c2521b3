package org.cloudtask.jenkins.support;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.cloudtask.core.engine.Summary;
import org.junit.jupiter.api.Test;

class BuildOutcomeTest {

    private static Summary summary(long total, long ok, long failed, long timeouts, long pending, boolean aborted) {
        return new Summary(1, Duration.ZERO, total, ok, failed, timeouts, pending, 0, aborted, null);
    }

    @Test
    void everyJobSucceededIsSuccess() {
        assertThat(BuildOutcome.of(summary(3, 3, 0, 0, 0, false), "FAILURE")).isEqualTo(BuildOutcome.SUCCESS);
    }

    @Test
    void failuresMakeTheBuildUnstableByDefault() {
        assertThat(BuildOutcome.of(summary(3, 2, 1, 0, 0, false), "UNSTABLE")).isEqualTo(BuildOutcome.UNSTABLE);
    }

    @Test
    void failBuildOnFailureFailsTheBuildForTimeoutsAndPendingJobsToo() {
        assertThat(BuildOutcome.of(summary(3, 2, 0, 1, 0, false), "failure")).isEqualTo(BuildOutcome.FAILURE);
        assertThat(BuildOutcome.of(summary(3, 2, 0, 0, 1, false), "FAILURE")).isEqualTo(BuildOutcome.FAILURE);
    }

    @Test
    void theMessageSaysHowManyJobsDidNotSucceedAndWhy() {
        assertThat(BuildOutcome.message(summary(10, 6, 2, 1, 1, false)))
                .isEqualTo("cloudtask: 4 of 10 jobs did not succeed (2 failed, 1 timed out, 1 pending)");
    }

    @Test
    void anAbortedRunIsAborted() {
        assertThat(BuildOutcome.of(summary(3, 3, 0, 0, 0, true), "UNSTABLE")).isEqualTo(BuildOutcome.ABORTED);
    }

    @Test
    void theStepReturnsTheCountsAndTheSession() {
        assertThat(StepResult.of(new Summary(7, Duration.ZERO, 5, 2, 1, 1, 1, 0, false, null)))
                .containsExactly(entry("total", 5L), entry("ok", 2L),
                        entry("failed", 1L), entry("timeouts", 1L),
                        entry("pending", 1L), entry("sessionId", 7L));
    }
}
