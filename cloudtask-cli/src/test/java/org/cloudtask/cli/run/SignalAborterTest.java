package org.cloudtask.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.cli.console.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;

@Timeout(30)
class SignalAborterTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
            false, System::nanoTime);

    /**
     * Raises only SIGTERM: SIGINT may come ignored from the parent (nohup, a script's {@code &}), and the JVM then
     * leaves it ignored, so raising it would test the test's surroundings.
     */
    @Test
    void eachSignalAbortsTheTaskAndTheFirstOneDecidesTheExitStatus() {
        AtomicInteger aborts = new AtomicInteger();
        try (SignalAborter signals = SignalAborter.install(aborts::incrementAndGet, () -> true, console)) {
            Signal.raise(new Signal("TERM"));
            await().until(() -> aborts.get() == 1);
            Signal.raise(new Signal("TERM"));
            await().until(() -> aborts.get() == 2);

            assertThat(signals.signalStatus()).isEqualTo(143);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SIGTERM: aborting", "SIGTERM again");
    }

    @Test
    void sigintAbortsAndSetsStatus130WhateverItsInheritedDisposition() {
        AtomicInteger aborts = new AtomicInteger();
        try (SignalAborter signals = SignalAborter.install(aborts::incrementAndGet, () -> true, console)) {
            signals.handle(new Signal("INT"));
            await().until(() -> aborts.get() == 1);
            signals.handle(new Signal("TERM"));
            await().until(() -> aborts.get() == 2);

            assertThat(signals.signalStatus()).isEqualTo(130);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SIGINT: aborting", "SIGTERM again");
    }

    @Test
    void withoutASignalThereIsNoSignalStatus() {
        try (SignalAborter signals = SignalAborter.install(() -> { }, () -> true, console)) {
            assertThat(signals.signalStatus()).isZero();
        }
    }
}
