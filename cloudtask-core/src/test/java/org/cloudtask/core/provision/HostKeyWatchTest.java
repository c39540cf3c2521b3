package org.cloudtask.core.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostKeyWatchTest {

    private static final String CONSOLE = "boot\n" + ConsoleHostKeys.BEGIN + "\nssh-ed25519 AAAAC3Nza root@h\n"
            + ConsoleHostKeys.END + "\n";

    private final List<String> log = new ArrayList<>();
    private final List<Boolean> reads = new ArrayList<>();

    private HostKeyWatch watch() {
        return new HostKeyWatch("i-1", Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO);
    }

    @Test
    void anInstanceNotKnownYetIsAskedAgainAndItsKeyFound() throws Exception {
        HostKeyWatch watch = watch();
        HostKeyWatch.Console console = (id, latest) -> {
            reads.add(latest);
            if (reads.size() < 3) throw new HostKeyWatch.NotKnownYet("InvalidInstanceID.NotFound");
            return CONSOLE;
        };

        assertThat(watch.settled(console, log::add)).isFalse();
        assertThat(watch.settled(console, log::add)).isFalse();
        assertThat(watch.settled(console, log::add)).isTrue();

        assertThat(watch.key()).isEqualTo("ssh-ed25519 AAAAC3Nza");
        assertThat(reads).containsOnly(true);
        assertThat(log).isEmpty();
    }

    @Test
    void whenTheLatestOutputIsRefusedTheBufferedOutputIsReadAndLogged() throws Exception {
        HostKeyWatch watch = watch();
        HostKeyWatch.Console console = (id, latest) -> {
            reads.add(latest);
            if (latest) throw new HostKeyWatch.LatestRefused("UnsupportedOperation");
            return reads.size() < 3 ? "" : CONSOLE;
        };

        while (!watch.settled(console, log::add)) {
            assertThat(reads).hasSizeLessThan(5);
        }

        assertThat(reads).containsExactly(true, false, false);
        assertThat(watch.readsBufferedOutput()).isTrue();
        assertThat(watch.key()).isEqualTo("ssh-ed25519 AAAAC3Nza");
        assertThat(log).singleElement().asString().contains("i-1: its type cannot give the latest console output (UnsupportedOperation)");
    }

    @Test
    void anUnreadableConsoleSettlesAtOnceWithoutAKey() throws Exception {
        HostKeyWatch watch = watch();

        assertThat(watch.settled((id, latest) -> {
            throw new IOException("UnauthorizedOperation: not allowed");
        }, log::add)).isTrue();

        assertThat(watch.key()).isNull();
        assertThat(log).singleElement().asString().contains("cannot read its console output, so the host-key policy decides");
    }
}
