package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.cloudtask.cli.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines are refused before the engine runs: one line, exit 2, nothing created. */
class CommandLineValidationTest {

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --bogus echo                | unknown option: '--bogus'
            --split 0 echo              | '--split': '0' is less than 1
            --split -3 echo             | '--split': '-3' is less than 1
            --timeout abc echo          | '--timeout': 'abc' is not a number of seconds
            --timeout 0 echo            | '--timeout': '0' must be more than 0 seconds
            --retries -1 echo           | '--retries': '-1' is less than 0
            --resume 1 --retry 1        | --resume and --retry cannot be used together
            --resume 1 echo hi          | a command cannot be given with --resume
            --retry 1 echo              | a command cannot be given with --retry
            --resume x                  | '--resume'
            --input /no/such/file echo  | input file not found: /no/such/file
            """)
    void badCommandLineIsOneLineAndExitTwo(String args, String problem) {
        InProcessCli cli = new InProcessCli(home).stdin("1\n");

        int status = cli.run(args.split(" "));

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).singleElement().asString()
                .startsWith("cloudtask: ").contains(problem).endsWith("(try 'cloudtask --help')");
        assertThat(cli.out()).isEmpty();
        assertThat(home.resolve(".cloudtask")).doesNotExist();
    }

    @Test
    void terminalOnStdinWithoutInputFilePrintsUsageAndExitsTwo() {
        InProcessCli cli = new InProcessCli(home).terminal(new Terminal(true, true, true));

        int status = cli.run("echo");

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        String shown = cli.err().replaceAll("\033\\[[0-9;]*m", "");   // coloured: stdout is a terminal too
        assertThat(shown).startsWith("Usage: cloudtask").contains("no job inputs: pipe them in");
        assertThat(home.resolve(".cloudtask")).doesNotExist();
    }

    @Test
    void emptyInputSaysNoJobsAndSucceeds() {
        InProcessCli cli = new InProcessCli(home).stdin("# only a comment\n\n");

        int status = cli.run("echo");

        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).startsWith("no jobs");
        assertThat(home.resolve(".cloudtask")).doesNotExist();
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        InProcessCli cli = new InProcessCli(home);

        int status = cli.run("--help");

        assertThat(status).isZero();
        assertThat(cli.out()).contains("--input=FILE", "--split=N", "(default: 1)", "--timeout=SECONDS",
                "(default: 3600)", "--kill-grace=SECONDS", "(default: 5)", "--retries=N", "--strikes=N",
                "--sessions=DIR", "$CLOUDTASK_SESSIONS", "--resume=ID", "--retry=ID", "--joblog=FILE", "--quiet",
                "--version", "Exit status");
    }
}
