package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminal escape sequences in an input line (a window title: ESC ] 0; ... BEL) and in a job's output (clear screen:
 * ESC [ 2J) reach the console and `cloudtask report` escaped, as \e and \x07; the session files keep the bytes.
 */
@Timeout(120)
class TerminalEscapesEndToEndTest {

    private static final String TITLE = "\u001b]0;owned\u0007";
    private static final String CLEAR = "\u001b[2J";

    @TempDir
    Path sessions;
    @TempDir
    Path scratch;

    @Test
    void escapesInInputsAndOutputsArePrintedEscapedAndStoredAsTheyAre() throws Exception {
        CliResult run = cloudtask(sessions, scratch)
                .args("sh", "-c", "echo \"got $1\"; printf '\\033[2J'; exit 3", "job")
                .stdinLines(List.of("title" + TITLE)).run(ofSeconds(60));
        CliResult report = cloudtask(sessions, scratch).args("report", "1").run(ofSeconds(60));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).contains("title\\e]0;owned\\x07");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.stdout()).contains("input: title\\e]0;owned\\x07", "| got title\\e]0;owned\\x07",
                "| \\e[2J");
        for (String printed : List.of(run.stdout(), run.stderr(), report.stdout(), report.stderr())) {
            assertThat(printed).doesNotContain("\u001b", "\u0007");
        }
        Path session = sessions.resolve("1");
        assertThat(Files.readString(session.resolve("jobs"), StandardCharsets.UTF_8)).contains("title" + TITLE);
        assertThat(SecurityEndToEndTest.allFiles(session)).anyMatch(file -> file.contains("got title" + TITLE + "\n"
                + CLEAR));
    }

    @Test
    void aCommandWithEscapesIsShownEscapedInStatusLinesAndTheSessionsList() throws Exception {
        CliResult run = cloudtask(sessions, scratch).args("echo", "title" + TITLE).stdinLines(List.of("1"))
                .run(ofSeconds(60));
        CliResult list = cloudtask(sessions, scratch).args("sessions").run(ofSeconds(60));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("# echo 'title\\e]0;owned\\x07' 1");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("echo 'title\\e]0;owned\\x07'");
        for (String printed : List.of(run.stdout(), run.stderr(), list.stdout(), list.stderr())) {
            assertThat(printed).doesNotContain("\u001b", "\u0007");
        }
    }
}
