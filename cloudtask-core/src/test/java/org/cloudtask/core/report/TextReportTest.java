package org.cloudtask.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.cloudtask.core.testing.ReportSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TextReportTest {

    @TempDir
    Path sessions;

    @Test
    void showsFailuresRetriesTimeoutsAWorkerFailureAndPendingJobs() throws Exception {
        long id = ReportSessions.mixedResults(sessions);

        SessionReport report = SessionReport.read(sessions.resolve(Long.toString(id)));

        assertThat(report.total()).isEqualTo(7);
        Golden.assertMatches("mixed-results.txt", TextReport.render(report));
    }

    @Test
    void flagsALaunchedWorkerThatWasNeverDestroyed() throws Exception {
        long id = ReportSessions.launchedWorkerNeverDestroyed(sessions);

        SessionReport report = SessionReport.read(sessions.resolve(Long.toString(id)));

        assertThat(report.workers()).filteredOn(ReportWorker::undestroyed).extracting(ReportWorker::name)
                .containsExactly("launched-1");
        Golden.assertMatches("launched-never-destroyed.txt", TextReport.render(report));
    }

    @Test
    void theHeaderAboveAJobsOutputShowsAWorkerNameEscaped() {
        String worker = "w\u001b]0;owned\u0007" + org.cloudtask.core.text.LosslessText.decode(new byte[] {(byte) 0xff});

        assertThat(JobOutput.header(7, 1, worker, "EXIT=0"))
                .isEqualTo("=== job 7 attempt 1 on w\\e]0;owned\\x07\\xff: EXIT=0 ===");
    }

    @Test
    void aLongLineThatFailedToBuildIsShortenedAsTheConsoleShortensIt() throws Exception {
        String longBadLine = "x".repeat(400) + " don't";
        org.cloudtask.core.engine.CloudTask.builder().sessionsDirectory(sessions)
                .transport(new org.cloudtask.core.testing.FakeTransport()).build()
                .run(new org.cloudtask.core.engine.TaskSettings().command("echo"),
                        org.cloudtask.core.testing.Inputs.lines("a", longBadLine));

        String text = TextReport.render(SessionReport.read(sessions.resolve("1")));

        assertThat(text).contains("job 2  failed to build  input: " + "x".repeat(300) + "... (406 characters)\n")
                .doesNotContain("x".repeat(301));
    }
}
