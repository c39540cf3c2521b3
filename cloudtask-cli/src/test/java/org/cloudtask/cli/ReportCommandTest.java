package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.core.report.SessionReport;
import org.cloudtask.core.report.TextReport;
import org.cloudtask.core.testing.ReportSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReportCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path sessions;

    private final InProcessCli cli() {
        return new InProcessCli(home);
    }

    @Test
    void printsTheTextReportOfASessionGivenByIdOrByPath() throws Exception {
        long id = ReportSessions.mixedResults(sessions);
        String expected = TextReport.render(SessionReport.read(sessions.resolve(Long.toString(id))));

        InProcessCli byId = cli();
        assertThat(byId.run("report", "--sessions", sessions.toString(), Long.toString(id))).isZero();
        InProcessCli byPath = cli();
        assertThat(byPath.run("report", sessions.resolve(Long.toString(id)).toString())).isZero();

        assertThat(byId.out()).isEqualTo(expected).contains("failures (2)", "pending (1)");
        assertThat(byPath.out()).isEqualTo(expected);
    }

    @Test
    void outdirGetsEachFinishedJobsOutputSortedIntoFailedAndSucceeded() throws Exception {
        long id = ReportSessions.mixedResults(sessions);
        Path out = home.resolve("out");

        InProcessCli run = cli();
        int status = run.run("report", "--sessions", sessions.toString(), Long.toString(id), "--outdir", out.toString());

        assertThat(status).as(run.err()).isZero();
        assertThat(out.resolve("failed")).isDirectoryContaining(p -> p.getFileName().toString().equals("2.out"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("4.out"));
        assertThat(Files.readString(out.resolve("failed/2.out"))).isEqualTo(
                "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\n");
        assertThat(Files.readString(out.resolve("succeeded/3.out"))).isEqualTo("flaky ok\n");
        try (var files = Files.list(out.resolve("succeeded"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("1.out", "3.out", "5.out", "7.out");
        }
        assertThat(run.out()).contains("wrote the output of 4 succeeded jobs to " + out.resolve("succeeded")
                + " and of 2 failed jobs to " + out.resolve("failed"));
    }

    @Test
    void anOutdirThatAlreadyHoldsOutputsIsRefused() throws Exception {
        long id = ReportSessions.mixedResults(sessions);
        Path out = home.resolve("out");
        Files.createDirectories(out.resolve("failed"));
        Files.writeString(out.resolve("failed/old.out"), "from another session");

        InProcessCli run = cli();
        int status = run.run("report", "--sessions", sessions.toString(), Long.toString(id), "--outdir", out.toString());

        assertThat(status).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cloudtask: " + out.resolve("failed")
                + " already holds files; give --outdir an empty or new directory\n");
    }

    @Test
    void htmlWritesOneSelfContainedPage() throws Exception {
        long id = ReportSessions.mixedResults(sessions);
        Path page = home.resolve("report.html");

        InProcessCli run = cli();
        assertThat(run.run("report", "--sessions", sessions.toString(), Long.toString(id), "--html", page.toString()))
                .isZero();

        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("class=\"ctr-data\"");
        assertThat(run.out()).endsWith("wrote " + page + "\n");
    }

    @Test
    void anUnknownSessionIdIsOneLineAndExitStatus2() {
        InProcessCli run = cli();

        int status = run.run("report", "--sessions", sessions.toString(), "42");

        assertThat(status).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cloudtask: there is no session 42 in " + sessions
                + "; list the sessions with: cloudtask sessions --sessions " + sessions + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aDirectoryThatIsNotASessionIsOneLineAndExitStatus2() {
        InProcessCli run = cli();

        int status = run.run("report", home.toString());

        assertThat(status).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cloudtask: " + home + " is not a cloudtask session (it has no settings and"
                + " journal files); give a session id or the path of a session directory\n");
    }

    @Test
    void aMissingPathIsOneLineAndExitStatus2() {
        InProcessCli run = cli();

        int status = run.run("report", "--sessions", sessions.toString(), "no/such/dir");

        assertThat(status).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cloudtask: there is no session directory no/such/dir; give a session id or"
                + " the path of a session directory\n");
    }
}
