package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bin/cloudtask does on a terminal, on a real pseudo-terminal: the launcher tells Java which streams are
 * terminals, the progress line is drawn there (and only there), a terminal on stdin without --input is a usage error.
 */
@Timeout(120)
class TerminalEndToEndTest {

    private static final String ERASE_LINE = "\r\033[K";

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void progressLineIsRedrawnInPlaceOnATerminal() throws Exception {
        CliResult result = cloudtask(sessions, scratch).onTerminal().args("--split", "2", "sleep")
                .stdinLines(Collections.nCopies(8, "0.3")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains(ERASE_LINE).containsPattern("\\d+/\\d+\\+? done, \\d+ running")
                .contains("local-1: exit 0 # sleep 0.3");
        // the last thing the terminal shows is the summary on a clean line, not a stale progress line
        assertThat(result.stdout().strip()).endsWith("8 jobs, 8 ok, 0 failed, 0 timeouts, 0 pending");
    }

    @Test
    void withoutATerminalThereIsNoProgressLine() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("--split", "2", "sleep")
                .stdinLines(Collections.nCopies(8, "0.3")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout() + result.stderr()).doesNotContain("\033").doesNotContain(" running, ");
    }

    @Test
    void terminalOnStdinWithoutInputFileShowsTheUsageAndExitsTwo() throws Exception {
        CliResult result = cloudtask(sessions, scratch).onTerminal().args("echo").run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        String shown = result.stdout().replaceAll("\033\\[[0-9;]*m", "");   // picocli colours help on terminals
        assertThat(shown).contains("Usage: cloudtask", "no job inputs: pipe them in");
        assertThat(new SessionFiles(sessions).ids()).isEmpty();
    }

    @Test
    void helpIsColouredOnlyWhenStdoutIsATerminal() throws Exception {
        CliResult onTerminal = cloudtask(sessions, scratch).onTerminal().args("--help").run(ofSeconds(60));
        CliResult toFile = cloudtask(sessions, scratch).args("--help").run(ofSeconds(60));

        assertThat(onTerminal.stdout()).contains("\033[");
        assertThat(toFile.stdout()).doesNotContain("\033[").startsWith("Usage: cloudtask");
    }
}
