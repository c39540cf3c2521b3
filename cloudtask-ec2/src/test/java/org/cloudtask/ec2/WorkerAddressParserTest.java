package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cloudtask.core.worker.WorkerAddress;
import org.junit.jupiter.api.Test;

class WorkerAddressParserTest {

    @Test
    void userHostAndPortAreRead() {
        assertThat(WorkerAddressParser.parse("deploy@10.0.0.7:2222")).isEqualTo(new WorkerAddress("deploy", "10.0.0.7", 2222, 0, null));
        assertThat(WorkerAddressParser.parse("  worker-3.example.com \n")).isEqualTo(WorkerAddress.of("worker-3.example.com"));
    }

    @Test
    void ipv6WithAndWithoutBrackets() {
        assertThat(WorkerAddressParser.parse("root@[fe80::1]:22")).isEqualTo(new WorkerAddress("root", "fe80::1", 22, 0, null));
        assertThat(WorkerAddressParser.parse("fe80::1")).isEqualTo(WorkerAddress.of("fe80::1"));
    }

    @Test
    void badAddressesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> WorkerAddressParser.parse("host:0")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> WorkerAddressParser.parse("@host")).hasMessageContaining("empty user");
        assertThatThrownBy(() -> WorkerAddressParser.parse("two words")).hasMessageContaining("not a worker address");
        assertThatThrownBy(() -> WorkerAddressParser.parse("[::1")).hasMessageContaining("unclosed");
    }
}
