package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cloudtask.jenkins.support.ResumeDecision.Mode;
import org.junit.jupiter.api.Test;

class ResumeMatcherTest {

    private static PreviousRun finished(int build, String fingerprint, long session, long pending, long failed) {
        return new PreviousRun(build, fingerprint, session, true, pending, failed);
    }

    @Test
    void aBuildLeavingPendingJobsIsResumedBySameCommandAndInputs() {
        ResumeDecision d = ResumeMatcher.decide("f", true, false, List.of(finished(4, "f", 9, 3, 0)));
        assertThat(d).isEqualTo(new ResumeDecision(Mode.RESUME, 9, 4));
    }

    @Test
    void otherCommandsOrInputsStartAfresh() {
        assertThat(ResumeMatcher.decide("g", true, false, List.of(finished(4, "f", 9, 3, 0))).mode())
                .isEqualTo(Mode.FRESH);
    }

    @Test
    void resumeFalseStartsAfresh() {
        assertThat(ResumeMatcher.decide("f", false, true, List.of(finished(4, "f", 9, 3, 1))).mode())
                .isEqualTo(Mode.FRESH);
    }

    @Test
    void aCompletedSessionIsNotResumedButRunAgain() {
        assertThat(ResumeMatcher.decide("f", true, false, List.of(finished(4, "f", 9, 0, 2))).mode())
                .isEqualTo(Mode.FRESH);
    }

    @Test
    void retryFailedReRunsTheFailuresOfTheLatestMatchingBuild() {
        assertThat(ResumeMatcher.decide("f", true, true, List.of(finished(4, "f", 9, 0, 2))))
                .isEqualTo(new ResumeDecision(Mode.RETRY, 9, 4));
    }

    @Test
    void onlyTheNewestMatchingBuildCounts() {
        List<PreviousRun> newestFirst = List.of(finished(6, "f", 11, 0, 0), finished(5, "f", 10, 7, 0));
        assertThat(ResumeMatcher.decide("f", true, false, newestFirst).mode()).isEqualTo(Mode.FRESH);
    }

    @Test
    void aBuildThatDiedWithTheControllerIsResumed() {
        PreviousRun crashed = new PreviousRun(3, "f", 8, false, 0, 0);
        assertThat(ResumeMatcher.decide("f", true, false, List.of(crashed)))
                .isEqualTo(new ResumeDecision(Mode.RESUME, 8, 3));
    }

    @Test
    void aBuildThatNeverCreatedASessionIsIgnored() {
        PreviousRun noSession = new PreviousRun(3, "f", 0, false, 0, 0);
        assertThat(ResumeMatcher.decide("f", true, false, List.of(noSession)).mode()).isEqualTo(Mode.FRESH);
    }
}
