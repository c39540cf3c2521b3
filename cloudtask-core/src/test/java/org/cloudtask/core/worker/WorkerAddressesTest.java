package org.cloudtask.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerAddressesTest {

    @TempDir
    Path temp;

    @Test
    void readsEveryPartOfAnAddress() {
        assertThat(WorkerAddresses.parseOne("4/deploy@build-7.example.com:2222"))
                .isEqualTo(new WorkerAddress("deploy", "build-7.example.com", 2222, 4, null));
        assertThat(WorkerAddresses.parseOne("10.0.0.5")).isEqualTo(new WorkerAddress(null, "10.0.0.5", 0, 0, null));
    }

    @Test
    void readsIpv6InBracketsWithOrWithoutPortAndBare() {
        assertThat(WorkerAddresses.parseOne("[::1]:22")).isEqualTo(new WorkerAddress(null, "::1", 22, 0, null));
        assertThat(WorkerAddresses.parseOne("2/root@[fe80::1%eth0]"))
                .isEqualTo(new WorkerAddress("root", "fe80::1%eth0", 0, 2, null));
        assertThat(WorkerAddresses.parseOne("fe80::1")).isEqualTo(new WorkerAddress(null, "fe80::1", 0, 0, null));
    }

    @Test
    void splitsOnSpacesCommasAndNewlines() {
        assertThat(WorkerAddresses.parse("a, b\nc  d,e\r\n"))
                .extracting(WorkerAddress::host).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void printsAddressesBackAsWritten() {
        assertThat(WorkerAddresses.parse("2/u@h:2200 [::1]:22 h2").stream().map(WorkerAddress::toString))
                .containsExactly("2/u@h:2200", "[::1]:22", "h2");
    }

    @Test
    void readsAFileOfAddressesWithCommentsAndBlankLines() throws IOException {
        Path file = Files.writeString(temp.resolve("workers"), """
                # the build farm
                2/w1:2201   # fast one

                w2, w3
                """);

        assertThat(WorkerAddresses.parseOption(file + " extra"))
                .extracting(WorkerAddress::host).containsExactly("w1", "w2", "w3", "extra");
    }

    @Test
    void refusesDuplicatesNamingBoth() {
        assertThatThrownBy(() -> WorkerAddresses.parse("h1 u@h2 U@h1:22 h1:22"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate worker address \"h1:22\" (same as \"h1\"): list each worker once");
    }

    @Test
    void refusesBadPortsNamingTheAddress() {
        assertThatThrownBy(() -> WorkerAddresses.parse("ok host:99999"))
                .hasMessage("bad worker address \"host:99999\": port 99999 is out of range 1-65535");
        assertThatThrownBy(() -> WorkerAddresses.parse("host:ssh"))
                .hasMessage("bad worker address \"host:ssh\": port \"ssh\" is not a number");
        assertThatThrownBy(() -> WorkerAddresses.parse("host:"))
                .hasMessage("bad worker address \"host:\": port \"\" is not a number");
    }

    @Test
    void refusesEmptyHostsAndBadSlotsAndBadNames() {
        assertThatThrownBy(() -> WorkerAddresses.parse("root@")).hasMessage("bad worker address \"root@\": the host is empty");
        assertThatThrownBy(() -> WorkerAddresses.parse(":22")).hasMessage("bad worker address \":22\": the host is empty");
        assertThatThrownBy(() -> WorkerAddresses.parse("0/h")).hasMessage("bad worker address \"0/h\": jobs per worker 0 is out of range 1-100000");
        assertThatThrownBy(() -> WorkerAddresses.parse("a@b@c")).hasMessageStartingWith("bad worker address \"a@b@c\":");
        assertThatThrownBy(() -> WorkerAddresses.parse("[::1")).hasMessage("bad worker address \"[::1\": missing ']' after the IPv6 address");
        assertThatThrownBy(() -> WorkerAddresses.parse("h;rm")).hasMessage("bad worker address \"h;rm\": \"h;rm\" is not a valid host name or address");
    }

    @Test
    void anEmptyListIsEmpty() {
        assertThat(WorkerAddresses.parse(" ,\n# nothing\n")).isEmpty();
    }
}
