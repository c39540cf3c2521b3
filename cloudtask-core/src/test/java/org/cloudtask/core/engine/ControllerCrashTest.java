package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.ControllerMain;
import org.cloudtask.core.testing.Journals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The controller runs in a JVM of its own so that it can really die by SIGKILL. */
@Timeout(180)
class ControllerCrashTest {

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private final List<Long> pidsToKill = new ArrayList<>();

    @AfterEach
    void killWhatWasStarted() {
        for (Process p : started) p.destroyForcibly();
        for (long pid : pidsToKill) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void afterKillNineResumeGivesEveryJobExactlyOneResultAndKillsLeftoverJobs() throws Exception {
        Path sessions = dir.resolve("sessions");
        Path pidFile = dir.resolve("pid");
        Path input = dir.resolve("input");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 60; i++) lines.add(Integer.toString(i));
        Files.write(input, lines);
        // job 20's first attempt leaves a long sleep behind in its process group, the others take a moment each
        String command = "sh -c 'if [ $1 = 20 ] && [ $CLOUDTASK_ATTEMPT = 1 ]; then sleep 300 & echo $! > " + pidFile
                + "; wait; fi; sleep 0.05; echo $1' job";
        Process controller = ControllerMain.start("128m", dir.resolve("controller.log"), sessions.toString(), command,
                input.toString(), "3");
        started.add(controller);
        Path session = sessions.resolve("1");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                Files.exists(pidFile) && Files.size(pidFile) > 0 && Files.exists(session.resolve("journal"))
                        && Journals.attempts(session).size() >= 25);
        controller.destroyForcibly().waitFor();
        long leftover = Long.parseLong(Files.readString(pidFile).strip());
        pidsToKill.add(leftover);
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive)).contains(true);
        Set<Long> finishedBeforeCrash = Journals.finalResultsPerJob(session).keySet();

        Summary summary = CloudTask.builder().sessionsDirectory(sessions).build().resume(1, s -> s);

        assertThat(summary.total()).isEqualTo(60);
        assertThat(summary.ok()).isEqualTo(60);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(leftover).map(p -> !p.isAlive()).orElse(true));
        Map<Long, Long> finals = Journals.finalResultsPerJob(session);
        assertThat(finals).hasSize(60).allSatisfy((job, n) -> assertThat(n).as("job " + job).isOne());
        Map<Long, Long> attempts = Journals.attemptsPerJob(session);
        for (long job : finishedBeforeCrash) assertThat(attempts.get(job)).as("job " + job).isOne();
        List<AttemptRecord> job20 = Journals.attempts(session).stream().filter(a -> a.job() == 20).toList();
        assertThat(job20).extracting(AttemptRecord::result).containsExactly("LOST", "EXIT=0");
        assertThat(Files.readAllLines(session.resolve("jobs"))).hasSize(60).allMatch(l -> l.startsWith("EXIT=0  "));
    }

    @Test
    void aJobPrintingTwoHundredMegabytesIsStreamedToDiskUnderASmallHeap() throws Exception {
        Path sessions = dir.resolve("sessions");
        Path input = dir.resolve("input");
        Files.writeString(input, "/dev/zero\n");
        Process controller = ControllerMain.start("64m", dir.resolve("controller.log"), sessions.toString(),
                "head -c 200000000", input.toString(), "1");
        started.add(controller);
        assertThat(controller.waitFor()).as(Files.readString(dir.resolve("controller.log"))).isZero();
        Path session = sessions.resolve("1");
        AttemptRecord attempt = Journals.attempts(session).get(0);
        assertThat(attempt.length()).isEqualTo(200_000_000L);
        assertThat(Files.size(session.resolve("output").resolve(attempt.output()))).isEqualTo(200_000_000L);
    }
}
