package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad SSH worker options are refused in one line naming the culprit, before any connection. */
class SshOptionsValidationTest {

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --workers h1:99999 echo                 | bad worker address "h1:99999": port 99999 is out of range 1-65535
            --workers h1,,h1:22 echo                | duplicate worker address "h1:22" (same as "h1")
            --workers root@ echo                    | bad worker address "root@": the host is empty
            --workers 0/h1 echo                     | jobs per worker 0 is out of range
            --host-key-policy maybe echo            | unknown host key policy "maybe": use strict, accept-new or off
            --jobs-per-worker 0 echo                | '--jobs-per-worker': '0' is less than 1
            --ping-timeout 0 echo                   | '--ping-timeout': '0' must be more than 0 seconds
            --connect-timeout x echo                | '--connect-timeout': 'x' is not a number of seconds
            """)
    void badSshOptionIsOneLineAndExitTwo(String args, String problem) {
        InProcessCli cli = new InProcessCli(home).stdin("1\n");

        int status = cli.run(args.split(" "));

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).singleElement().asString().startsWith("cloudtask: ").contains(problem);
        assertThat(home.resolve(".cloudtask")).doesNotExist();
    }

    @Test
    void missingKeyFileIsOneLineNamingIt() {
        InProcessCli cli = new InProcessCli(home).stdin("1\n");

        int status = cli.run("--workers", "h1", "--ssh-identity", "/no/such/key", "echo");

        assertThat(status).isNotZero();
        assertThat(cli.err().lines()).singleElement().asString()
                .contains("cannot read SSH key /no/such/key: no such readable file (check --ssh-identity)");
    }
}
