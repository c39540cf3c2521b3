package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad input: one line naming the problem, exit 2, no session, never a stack trace. */
@Timeout(120)
class BadInputEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private void assertRefused(CliResult result, String problem) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderrLines()).as(result.toString()).singleElement().asString()
                .startsWith("cloudtask: ").contains(problem);
        assertThat(result.stdout()).isEmpty();
        assertThat(new SessionFiles(sessions).ids()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --bogus echo                 | unknown option: '--bogus'
            --split 0 echo               | '--split': '0' is less than 1
            --split -2 echo              | '--split': '-2' is less than 1
            --timeout soon echo          | '--timeout': 'soon' is not a number of seconds
            --resume 1 echo              | a command cannot be given with --resume
            --resume 1 --retry 1         | --resume and --retry cannot be used together
            --input /no/such/inputs echo | input file not found: /no/such/inputs
            """)
    void badCommandLineIsRefused(String args, String problem) throws Exception {
        CliResult result = cloudtask(sessions, scratch).args(args.split(" ")).stdinLines(List.of("1"))
                .run(ofSeconds(60));

        assertRefused(result, problem);
    }

    @Test
    void resumeOfAnUnknownSessionIsRefused() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("--resume", "42").run(ofSeconds(60));

        assertRefused(result, "42");
    }

    @Test
    void sessionsDirectoryThatCannotBeWrittenIsRefused() throws Exception {
        // why: a path below a regular file cannot be created even by root, for whom permission bits do not count
        Path file = Files.writeString(scratch.resolve("a-file"), "");
        Path unwritable = file.resolve("sessions");

        CliResult result = cloudtask(sessions, scratch).args("--sessions", unwritable.toString(), "echo")
                .stdinLines(List.of("1")).run(ofSeconds(60));

        assertRefused(result, unwritable.toString());
    }

    @Test
    void emptyInputSaysNoJobsAndExitsZero() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("echo").run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).singleElement().asString().startsWith("no jobs");
        assertThat(new SessionFiles(sessions).ids()).isEmpty();
    }
}
