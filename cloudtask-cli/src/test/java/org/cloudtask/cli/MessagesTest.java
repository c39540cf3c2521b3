package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a run in words: "done" only when every job has a result, else "stopped" with why (also under -q), one
 * resume hint with the whole command, singular and plural right; the text report shortens long inputs as the
 * console does.
 */
class MessagesTest {

    @TempDir
    Path home;

    @TempDir
    Path sessions;

    @Test
    void aHaltedQuietRunSaysItStoppedAndWhyAndGivesOneWholeResumeCommand() {
        InProcessCli cli = new InProcessCli(home).stdin("1\n2\n");

        int status = cli.run("-q", "--sessions", sessions.toString(), "--halt", "fail=1", "sh", "-c", "exit 3");

        assertThat(status).isEqualTo(1);
        assertThat(cli.out().lines()).hasSize(2);
        assertThat(cli.out().lines().findFirst().orElseThrow())
                .matches("session 1 stopped \\(\\d+ s\\): 2 jobs, 0 ok, 1 failed, 0 timeouts, 1 pending: "
                        + "halted by --halt soon,fail=1: .*");
        assertThat(cli.out()).containsOnlyOnce("--resume")
                .contains("to run the pending job: cloudtask --sessions " + sessions + " --resume 1");
    }

    @Test
    void oneJobIsOneJob() {
        InProcessCli cli = new InProcessCli(home).stdin("x\n");

        assertThat(cli.run("--sessions", sessions.toString(), "--timeout", "0.5", "sleep 5; echo")).isEqualTo(1);

        assertThat(cli.out()).containsPattern("session 1 done \\(\\d+ s\\): 1 job, 0 ok, 0 failed, 1 timeout, 0 pending")
                .doesNotContain("--resume");
    }

    @Test
    void theTextReportShortensALongInputAsTheConsoleDoes() {
        String input = "y".repeat(1000);
        InProcessCli run = new InProcessCli(home).stdin(input + "\n");
        run.run("--sessions", sessions.toString(), "false");

        InProcessCli report = new InProcessCli(home);
        assertThat(report.run("report", "--sessions", sessions.toString(), "1")).isZero();

        assertThat(report.out()).contains("input: " + "y".repeat(300) + "... (1000 characters)")
                .doesNotContain("y".repeat(301));
        assertThat(run.out()).contains("# false " + "y".repeat(294) + "... (1006 characters)");
    }
}
