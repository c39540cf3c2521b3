package org.cloudtask.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.RecordingEvents;
import org.cloudtask.core.testing.ReportSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SessionReportReadingTest {

    @TempDir
    Path sessions;

    @Test
    void readingASessionChangesNoFileInIt() throws Exception {
        Path dir = sessions.resolve(Long.toString(ReportSessions.mixedResults(sessions)));
        Map<String, String> before = fingerprint(dir);

        TextReport.render(SessionReport.read(dir));
        HtmlReport.page(SessionReport.read(dir));

        assertThat(fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void aRunningSessionIsReportedWithItsRunningJobWhileTheControllerHoldsIt() throws Exception {
        FakeTransport transport = new FakeTransport();
        transport.script((worker, request) -> request.command().endsWith(" 3") ? Outcome.hang() : Outcome.exit(0));
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(transport)
                .events(new RecordingEvents()).build();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread controller = new Thread(() -> {
            try {
                outcome.set(task.run(new TaskSettings().command("job").split(1), Inputs.seq(1, 5)));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "cloudtask-test-controller");
        controller.start();
        Path dir = sessions.resolve("1");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("journal"))
                    && Files.readString(dir.resolve("journal")).contains("START 3 1"));

            SessionReport report = SessionReport.read(dir);

            assertThat(report.state()).isEqualTo(SessionReport.State.RUNNING);
            assertThat(report.controller()).startsWith("pid " + ProcessHandle.current().pid() + " on host ");
            assertThat(report.ok()).isEqualTo(2);
            assertThat(report.running()).isEqualTo(1);
            assertThat(report.pending()).isEqualTo(3);
            assertThat(TextReport.render(report)).contains("job 3  running on fake-1  input: 3");
        } finally {
            task.abort();
            controller.join(20_000);
        }
        assertThat(SessionReport.read(dir).state()).isEqualTo(SessionReport.State.STOPPED);
    }

    @Test
    void aCrashedSessionShowsItsInterruptedAttemptAndIgnoresATornLastRecord() throws Exception {
        CloudTask.builder().sessionsDirectory(sessions).transport(new FakeTransport()).events(new RecordingEvents())
                .build().run(new TaskSettings().command("job").split(1), Inputs.lines("a", "b", "c"));
        Path dir = sessions.resolve("1");
        // what a controller killed mid-job leaves (here in a --retry of job 2): a START with no END, then half a
        // record it was writing
        String start = "START 2 2 " + System.currentTimeMillis() + " fake-1 2-1 0 -";
        Files.writeString(dir.resolve("journal"), record("RUN 2 " + System.currentTimeMillis() + " 1 host")
                + record("REQUEUE 2") + record(start) + "0badc0de END 2 2 17", StandardOpenOption.APPEND);

        SessionReport report = SessionReport.read(dir);

        assertThat(report.state()).isEqualTo(SessionReport.State.STOPPED);
        assertThat(report.running()).isEqualTo(1);
        assertThat(report.pendingJobs()).containsExactly(2L);
        assertThat(TextReport.render(report))
                .contains("state: stopped while jobs ran (the controller died): resume it")
                .contains("job 2  interrupted on fake-1  input: b");
    }

    @Test
    void aDirectoryThatIsNotASessionIsRefusedInOneLine() {
        assertThatThrownBy(() -> SessionReport.read(sessions))
                .isInstanceOf(CloudTaskException.class)
                .hasMessage(sessions + " is not a cloudtask session (it has no settings and journal files); give a"
                        + " session id or the path of a session directory");
    }

    private static String record(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x %s\n", crc.getValue(), text);
    }

    /** Every file's size, modification time and content, by path. */
    private static Map<String, String> fingerprint(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p) + " "
                        + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }
}
