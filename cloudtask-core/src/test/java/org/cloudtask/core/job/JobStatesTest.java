package org.cloudtask.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatesTest {

    private static final Set<String> ALLOWED = Set.of(
            "PENDING>RUNNING",
            "RUNNING>SUCCEEDED", "RUNNING>FAILED", "RUNNING>TIMED_OUT", "RUNNING>PENDING",
            "FAILED>PENDING", "TIMED_OUT>PENDING");

    @ParameterizedTest
    @EnumSource(JobState.class)
    void onlyTheMovesInTheTableAreAllowed(JobState from) {
        for (JobState to : JobState.values()) {
            assertThat(from.allows(to)).as(from + " -> " + to).isEqualTo(ALLOWED.contains(from + ">" + to));
        }
    }

    @Test
    void anIllegalMoveThrowsNamingTheJobFromAndTo() {
        JobStates states = new JobStates();
        long id = states.add();
        assertThatThrownBy(() -> states.move(id, JobState.SUCCEEDED))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessage("job 1 cannot move from PENDING to SUCCEEDED")
                .satisfies(e -> {
                    IllegalJobTransitionException t = (IllegalJobTransitionException) e;
                    assertThat(t.from()).isEqualTo(JobState.PENDING);
                    assertThat(t.to()).isEqualTo(JobState.SUCCEEDED);
                });
    }

    @Test
    void jobCannotRunAgainOnceItSucceeded() {
        JobStates states = new JobStates();
        long id = states.add();
        states.move(id, JobState.RUNNING);
        states.move(id, JobState.SUCCEEDED);
        assertThatThrownBy(() -> states.move(id, JobState.PENDING)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> states.move(id, JobState.RUNNING)).isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void jobCannotGoToRunningTwice() {
        JobStates states = new JobStates();
        long id = states.add();
        states.move(id, JobState.RUNNING);
        assertThatThrownBy(() -> states.move(id, JobState.RUNNING))
                .hasMessage("job 1 cannot move from RUNNING to RUNNING");
    }

    @Test
    void countsFollowTheMovesAndDuplicateJobsAreSeparate() {
        JobStates states = new JobStates();
        for (int i = 0; i < 3000; i++) states.add();
        states.move(2, JobState.RUNNING);
        states.move(2, JobState.FAILED);
        assertThat(states.count(JobState.PENDING)).isEqualTo(2999);
        assertThat(states.count(JobState.FAILED)).isEqualTo(1);
        assertThat(states.idsIn(JobState.PENDING, 1, 3)).containsExactly(1, 3, 4);
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isFinal))
                .containsExactlyInAnyOrder(JobState.SUCCEEDED, JobState.FAILED, JobState.TIMED_OUT);
    }
}
