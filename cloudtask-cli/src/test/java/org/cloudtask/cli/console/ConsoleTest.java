package org.cloudtask.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();

    private Console console(boolean progress) {
        return new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), progress, clock::get);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void progressIsErasedBeforeALineAndDrawnAgainAfterIt() {
        Console console = console(true);

        console.progress("1/3 done");
        console.line("local-1: exit 0 # echo 1");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("local-1: exit 0 # echo 1" + System.lineSeparator());
        assertThat(err()).isEqualTo("\r\033[K1/3 done" + "\r\033[K" + "\r\033[K1/3 done");
    }

    @Test
    void progressIsRedrawnAtMostFiveTimesASecond() {
        Console console = console(true);

        console.progress("1 done");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        console.progress("2 done");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        console.progress("3 done");

        assertThat(err()).contains("1 done", "3 done").doesNotContain("2 done");
    }

    @Test
    void withoutATerminalThereIsNoProgressLine() {
        Console console = console(false);

        console.progress("1/3 done");
        console.line("summary");

        assertThat(err()).isEmpty();
    }

    @Test
    void stoppedProgressStaysErased() {
        Console console = console(true);
        console.progress("1/3 done");

        console.stopProgress();
        console.line("summary");
        console.progress("2/3 done");

        assertThat(err()).isEqualTo("\r\033[K1/3 done\r\033[K");
    }

    @Test
    void quietOrDumbTerminalsGetNoProgress() {
        Terminal terminal = new Terminal(false, true, true);
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

        Console.forTerminal(stream, stream, terminal, "dumb", false).progress("x");
        Console.forTerminal(stream, stream, terminal, "xterm", true).progress("y");

        assertThat(err()).isEmpty();
    }
}
