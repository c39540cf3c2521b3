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

/** {@code --report}: run at the end of a session, in its directory, with a clean environment and the counts. */
@Timeout(120)
class ReportHookEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void shReportRunsInTheSessionDirectoryWithACleanEnvironmentAndTheCounts() throws Exception {
        CliResult result = cloudtask(sessions, scratch).env("AWS_SECRET_ACCESS_KEY", "must-not-leak")
                .args("--report", "sh:env | sort > report.env; pwd > report.pwd", "sh", "-c")
                .stdinLines(List.of("'exit 0'", "'exit 0'", "'exit 3'")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Path dir = sessions.resolve("1");
        assertThat(Files.readString(dir.resolve("report.pwd")).strip()).isEqualTo(dir.toRealPath().toString());
        List<String> env = Files.readAllLines(dir.resolve("report.env")).stream()
                .filter(l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL=") && !l.startsWith("_=")).toList();
        assertThat(env).contains("CLOUDTASK_SESSION=1", "CLOUDTASK_TOTAL=3", "CLOUDTASK_OK=2", "CLOUDTASK_FAILED=1",
                "CLOUDTASK_PENDING=0");
        assertThat(env).allMatch(l -> l.startsWith("CLOUDTASK_") || l.startsWith("PATH=") || l.startsWith("HOME=")
                || l.startsWith("LANG="));
    }

    @Test
    void aFailingReportIsLoggedAndLeavesTheResultAlone() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("--report", "sh:echo cannot notify >&2; exit 7", "true")
                .stdinLines(List.of("1", "2")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.toString()).contains("report: cannot notify").contains("report (sh) exited 7");
    }

    @Test
    void aBadReportIsRefusedInOneLineBeforeAnythingRuns() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("--report", "post:somewhere", "true")
                .stdinLines(List.of("1")).run(ofSeconds(60));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--report must be sh:CMD or mail:FROM TO..., not 'post:somewhere'");
        assertThat(new SessionFiles(sessions).ids()).isEmpty();
    }
}
