package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HaltPolicyTest {

    @Test
    void countRuleHaltsAtThatManyFailuresWhateverHaltMinSays() {
        HaltPolicy policy = HaltPolicy.parse("fail=3", 20);

        assertThat(policy.now()).isFalse();
        assertThat(policy.reached(2, 2)).isFalse();
        assertThat(policy.reached(3, 3)).isTrue();
    }

    @Test
    void percentageRuleWaitsForHaltMinFinishedJobs() {
        HaltPolicy policy = HaltPolicy.parse("now,fail=10%", 20);

        assertThat(policy.now()).isTrue();
        assertThat(policy.reached(19, 19)).isFalse();
        assertThat(policy.reached(20, 2)).isTrue();
        assertThat(policy.reached(21, 2)).isFalse();
    }

    @Test
    void writtenFormReadsBackTheSame() {
        assertThat(HaltPolicy.parse("soon,fail=2.5%", 5).toString()).isEqualTo("soon,fail=2.5%");
        assertThat(HaltPolicy.parse(" fail=4 ", 5).toString()).isEqualTo("soon,fail=4");
    }

    @Test
    void nonsenseIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> HaltPolicy.parse("fail=0", 20)).hasMessageContaining("whole number of 1 or more");
        assertThatThrownBy(() -> HaltPolicy.parse("fail=150%", 20)).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> HaltPolicy.parse("fail=x", 20)).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> HaltPolicy.parse("exit=1", 20)).hasMessageContaining("expected fail=N");
    }
}
