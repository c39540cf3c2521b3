package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HeldInstancesTest {

    @Test
    void anInstanceAnotherBuildHoldsOrAnAgentRunsOnIsNotTakenAgain() {
        HeldInstances held = new HeldInstances();
        assertThat(held.claim("i-1", Set.of())).isTrue();
        assertThat(held.claim("i-1", Set.of())).as("another build's worker, handed back as new").isFalse();
        assertThat(held.claim("i-2", Set.of("i-2"))).as("a Jenkins agent's instance").isFalse();
        assertThat(held.claim("", Set.of())).as("a spot request not yet fulfilled").isFalse();

        held.release("i-1");
        assertThat(held.holds("i-1")).isFalse();
        assertThat(held.claim("i-1", Set.of())).isTrue();
    }
}
