package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.cloudtask.cli.e2e.SessionFiles.JobLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abort (signals) and crash ({@code kill -9}) of the controller mid-task, then {@code --resume}: every job ends with
 * exactly one result, and no job whose result was recorded runs again (the jobs' marker file proves it).
 */
@Timeout(180)
class AbortAndResumeEndToEndTest {

    private static final List<String> IDS = IntStream.rangeClosed(1, 30).mapToObj(Integer::toString).toList();

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private JobScripts scripts;
    private Path job;
    private SessionFiles files;

    @BeforeEach
    void jobsThatTakeHalfASecond() throws Exception {
        scripts = new JobScripts(scratch);
        job = scripts.marking("job", "0.5");
        files = new SessionFiles(sessions);
    }

    private RunningCli startThirtyJobsOnThreeWorkers() throws Exception {
        RunningCli running = cloudtask(sessions, scratch).args("--split", "3", job.toString()).stdinLines(IDS).start();
        await().atMost(ofSeconds(60)).until(() -> JobScripts.count(scripts.marks(), "done").size() >= 6);
        return running;
    }

    @Test
    void sigtermAbortsAndResumeRunsOnlyWhatIsLeft() throws Exception {
        CliResult aborted;
        try (RunningCli running = startThirtyJobsOnThreeWorkers()) {
            running.signal("TERM");
            aborted = running.awaitExit(ofSeconds(60));
        }

        assertThat(aborted.exitCode()).as(aborted.toString()).isEqualTo(143);
        assertThat(aborted.stdout()).contains("cloudtask --resume 1");
        assertResumeFinishesTheRestOnly();
    }

    @Test
    void signalWhileWaitingForTheFirstInputLineEndsAtOnce() throws Exception {
        Path fifo = scratch.resolve("inputs.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        // a producer that holds the pipe open and never writes a line
        Process producer = new ProcessBuilder("sh", "-c", "exec sleep 300 > " + fifo).start();
        try (RunningCli running = cloudtask(sessions, scratch).args("--input", fifo.toString(), "echo").start()) {
            await().atMost(ofSeconds(30)).until(() -> Processes.blockedReadingAPipe(running.pid()));
            running.signal("TERM");

            CliResult stopped = running.awaitExit(ofSeconds(30));

            assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(143);
            assertThat(stopped.stderr()).contains("before any job started");
        } finally {
            producer.destroyForcibly();
        }
    }

    @Test
    void ctrlCAbortsWithStatus130() throws Exception {
        CliResult aborted;
        try (RunningCli running = startThirtyJobsOnThreeWorkers()) {
            running.signal("INT");
            aborted = running.awaitExit(ofSeconds(60));
        }

        assertThat(aborted.exitCode()).as(aborted.toString()).isEqualTo(130);
        assertThat(files.jobs(1)).extracting(JobLine::state).contains("PENDING");
    }

    @Test
    void secondSignalSkipsTheKillGracePeriod() throws Exception {
        Path marks = scratch.resolve("marks");
        // the job is the shell itself (no task command): it notes the TERM of the grace period and carries on
        String stubborn = "trap 'echo term >> " + marks + "' TERM; echo start >> " + marks
                + "; while :; do sleep 1; done";
        try (RunningCli running = cloudtask(sessions, scratch).args("--kill-grace", "600")
                .stdinLines(List.of(stubborn)).start()) {
            await().atMost(ofSeconds(30)).until(() -> scripts.marks().contains("start"));
            running.signal("TERM");
            await().atMost(ofSeconds(30)).until(() -> scripts.marks().contains("term"));
            running.signal("TERM");

            CliResult aborted = running.awaitExit(ofSeconds(60));

            assertThat(aborted.exitCode()).as(aborted.toString()).isEqualTo(143);
            assertThat(files.jobs(1)).as(aborted.toString()).extracting(JobLine::state).containsExactly("PENDING");
        }
    }

    @Test
    void killNineOfTheControllerThenResumeRunsEachJobToExactlyOneResult() throws Exception {
        try (RunningCli running = startThirtyJobsOnThreeWorkers()) {
            running.signal("KILL");
            running.awaitExit(ofSeconds(30));
        }

        assertResumeFinishesTheRestOnly();
    }

    @Test
    void jobsLeftRunningByAKilledControllerAreKilledOnResume() throws Exception {
        Path endless = scripts.script("endless", """
                echo "start $1" >> '%s'
                exec sleep 300
                """.formatted(scratch.resolve("marks")));
        List<ProcessHandle> orphans;
        try (RunningCli running = cloudtask(sessions, scratch).args(endless.toString()).stdinLines(List.of("1"))
                .start()) {
            await().atMost(ofSeconds(30)).until(() -> !scripts.marks().isEmpty());
            // why wait for the journal too: the job's mark can come before the controller's START record (with the
            // process group) is on disk, since the journal commits in the background; a controller killed in between
            // never recorded the job, and resume rightly leaves alone a process it cannot prove is this job's
            await().atMost(ofSeconds(30)).until(() -> Files.readString(files.directory(1).resolve("journal"))
                    .contains(" START 1 1 "));
            orphans = running.descendants();
            running.signal("KILL");
            running.awaitExit(ofSeconds(30));
        }
        try {
            assertThat(orphans).isNotEmpty().anySatisfy(p -> assertThat(p.isAlive()).isTrue());

            CliResult resumed = cloudtask(sessions, scratch)
                    .args("--resume", "1", "--timeout", "1", "--kill-grace", "0").run(ofSeconds(60));

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(1);
            await().atMost(ofSeconds(10)).untilAsserted(() ->
                    assertThat(orphans).allSatisfy(p -> assertThat(Processes.gone(p.pid())).isTrue()));
            assertThat(files.jobs(1)).extracting(JobLine::state).containsExactly("TIMEOUT");
        } finally {
            orphans.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Resumes session 1 and checks that finished jobs were not run again and every job has one result. */
    private void assertResumeFinishesTheRestOnly() throws Exception {
        Set<String> finishedBefore = files.jobs(1).stream().filter(JobLine::finished)
                .map(line -> JobScripts.idOf(line.command())).collect(Collectors.toSet());
        assertThat(finishedBefore).isNotEmpty().hasSizeLessThan(IDS.size());
        int marksBefore = scripts.marks().size();

        CliResult resumed = cloudtask(sessions, scratch).args("--resume", "1").run(ofSeconds(120));

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        List<JobLine> jobs = files.jobs(1);
        assertThat(jobs).hasSize(IDS.size()).allSatisfy(line -> assertThat(line.state()).isEqualTo("EXIT=0"));
        assertThat(jobs).extracting(line -> JobScripts.idOf(line.command())).containsExactlyElementsOf(IDS);
        List<String> resumedMarks = scripts.marks().subList(marksBefore, scripts.marks().size());
        Map<String, Long> startedAgain = JobScripts.count(resumedMarks, "start");
        assertThat(startedAgain.keySet()).doesNotContainAnyElementsOf(finishedBefore);
        assertThat(files.ids()).containsExactly(1L);
    }
}
