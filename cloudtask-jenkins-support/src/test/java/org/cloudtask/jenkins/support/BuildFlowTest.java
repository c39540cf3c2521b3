package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.local.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds of one job, as the plugin runs them but without Jenkins and with local workers: the first is aborted
 * while a job runs; the second, with the same command and inputs, resumes its session, runs only that job, and its
 * table says which build produced each result.
 */
@Timeout(120)
class BuildFlowTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private record Build(int number, JobTable table, JobOutputStore outputs, CloudTask engine) {
    }

    private Build build(int number, Path sessions) {
        Path buildDir = dir.resolve("builds/" + number);
        JobTable table = new JobTable(dir.resolve("table-" + number + ".tsv"));
        JobOutputStore outputs = new JobOutputStore(buildDir.resolve("output"));
        CloudTask engine = CloudTask.builder()
                .sessionsDirectory(sessions)
                .transport(new RecordingTransport(new LocalTransport(), outputs))
                .events(new BuildEvents(new PrintStream(console, true, StandardCharsets.UTF_8), table, number))
                .build();
        return new Build(number, table, outputs, engine);
    }

    @Test
    void anAbortedBuildIsResumedByTheNextOneWhichRunsOnlyThePendingJob() throws Exception {
        Path sessions = dir.resolve("sessions");
        Path go = dir.resolve("go");
        TaskParameters parameters = new TaskParameters("sh -c 'echo ran $0; test $0 != 3 || test -e " + go + " || sleep 615'");
        parameters.setInputsText("1\n2\n3\n");
        String fingerprint = TaskFingerprint.of(parameters.getCommand(), TaskFingerprint.ofText(parameters.getInputsText()));
        TaskSettings settings = SettingsMapper.toSettings(parameters, List.of(), null, null, "job#1", fingerprint);

        Build first = build(1, sessions);
        AtomicReference<Summary> firstSummary = new AtomicReference<>();
        Thread executor = new Thread(() -> {
            try {
                firstSummary.set(EngineCall.run("cloudtask-jenkins-test-1", () -> first.engine().run(settings,
                        new ByteArrayInputStream(parameters.getInputsText().getBytes(StandardCharsets.UTF_8))),
                        first.engine()::abort));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "cloudtask-test-executor-1");
        executor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.table().latestByJob().size() == 2);
        executor.interrupt();
        executor.join(60_000);

        Summary aborted = firstSummary.get();
        assertThat(aborted.aborted()).isTrue();
        assertThat(aborted.pending()).isEqualTo(1);
        assertThat(SessionLocator.sessionOf(sessions, "job#1", id -> CloudTask.savedSettings(sessions, id)))
                .hasValue(aborted.sessionId());

        ResumeDecision decision = ResumeMatcher.decide(fingerprint, true, false, List.of(new PreviousRun(1, fingerprint,
                aborted.sessionId(), true, aborted.pending(), aborted.failed() + aborted.timeouts())));
        assertThat(decision.mode()).isEqualTo(ResumeDecision.Mode.RESUME);

        Build second = build(2, sessions);
        second.table().carryOver(first.table(), false);
        Files.createFile(go);
        Summary resumed = second.engine().resume(decision.sessionId(),
                saved -> SettingsMapper.applyResumeOverrides(saved, parameters, List.of(), null, "job#2"));

        assertThat(resumed.ok()).isEqualTo(3);
        assertThat(BuildOutcome.of(resumed, "UNSTABLE")).isEqualTo(BuildOutcome.SUCCESS);
        assertThat(second.table().latestByJob().values()).extracting(JobRecord::input, JobRecord::build)
                .containsExactly(tuple("1", 1), tuple("2", 1), tuple("3", 2));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        second.outputs().copyTo(3, 2, output);
        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("ran 3\n");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("exit 0");
    }

    @Test
    void aJobThatFailedToBuildIsARowOfTheTableWithItsReasonAndAFailureOfTheJunitReport() throws Exception {
        Path sessions = dir.resolve("sessions");
        TaskParameters parameters = new TaskParameters("echo");
        parameters.setInputsText("1\nDon't\n3\n");
        String fingerprint = TaskFingerprint.of(parameters.getCommand(),
                TaskFingerprint.ofText(parameters.getInputsText()));
        TaskSettings settings = SettingsMapper.toSettings(parameters, List.of(), null, null, "job#1", fingerprint);
        Build build = build(1, sessions);

        Summary summary = build.engine().run(settings,
                new ByteArrayInputStream(parameters.getInputsText().getBytes(StandardCharsets.UTF_8)));

        assertThat(summary.ok()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(build.table().latestByJob().values())
                .extracting(JobRecord::jobId, JobRecord::input, JobRecord::worker, JobRecord::attempt, JobRecord::build)
                .containsExactlyInAnyOrder(tuple(1L, "1", "local-1", 1, 1), tuple(2L, "Don't", "-", 0, 1),
                        tuple(3L, "3", "local-1", 1, 1));
        JobRecord bad = build.table().latestByJob().get(2L);
        String why = "input line 2: the single quote at column 4 is never closed";
        assertThat(bad.result()).startsWith("FAILED TO BUILD: " + why);
        assertThat(bad.isFinal()).isTrue();
        assertThat(bad.succeeded()).isFalse();
        ByteArrayOutputStream junit = new ByteArrayOutputStream();
        JunitReport.write("cloudtask session 1", build.table().latestByJob().values(), 0, junit);
        assertThat(junit.toString(StandardCharsets.UTF_8))
                .contains("failures=\"1\"", "message=\"FAILED TO BUILD: " + why, " (build #1)\"");
    }
}
