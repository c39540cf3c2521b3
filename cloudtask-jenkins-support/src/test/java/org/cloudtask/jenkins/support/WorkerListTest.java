package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cloudtask.core.worker.WorkerAddress;
import org.junit.jupiter.api.Test;

class WorkerListTest {

    @Test
    void addressesAreSeparatedBySpacesCommasAndNewlinesWithComments() {
        assertThat(WorkerList.parse("a, b\n# all commented\n 4/root@c:2222  # the big one\n[::1]:22"))
                .containsExactly(WorkerAddress.of("a"), WorkerAddress.of("b"),
                        new WorkerAddress("root", "c", 2222, 4, null), new WorkerAddress(null, "::1", 22, 0, null));
    }

    @Test
    void aBadPortIsNamedInTheMessage() {
        assertThatThrownBy(() -> WorkerList.parse("host:99999"))
                .hasMessage("bad worker address 'host:99999': port must be between 1 and 65535");
    }
}
