package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Path;
import java.util.List;
import org.cloudtask.cli.e2e.SessionFiles.JobLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RetriesAndStrikesEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    /** Fails with exit 3 the first time it runs for an input, succeeds after. */
    private Path failingOnce() throws Exception {
        return new JobScripts(scratch).script("flaky", """
                flag='%s/ran-'"$1"
                if [ -e "$flag" ]; then exit 0; fi
                touch "$flag"
                exit 3
                """.formatted(scratch));
    }

    @Test
    void failedJobIsRetriedAndItsLastAttemptIsItsResult() throws Exception {
        Path job = failingOnce();

        CliResult result = cloudtask(sessions, scratch).args("--retries", "1", job.toString())
                .stdinLines(List.of("a", "b")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("will retry (1 of 1) # " + job + " a");
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::state).containsExactly("EXIT=0", "EXIT=0");
    }

    @Test
    void withoutRetriesAFailureIsFinalAndTheExitStatusIsOne() throws Exception {
        Path job = failingOnce();

        CliResult result = cloudtask(sessions, scratch).args(job.toString()).stdinLines(List.of("a"))
                .run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("exit 3 # " + job + " a");
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::state).containsExactly("EXIT=3");
    }

    @Test
    void workerStruckOutIsRetiredAndTheRestStaysPendingForAResume() throws Exception {
        List<String> inputs = List.of("1", "2", "3", "4", "5");

        CliResult struck = cloudtask(sessions, scratch).args("--strikes", "2", "sh", "-c", "exit 4")
                .stdinLines(inputs).run(ofSeconds(60));

        assertThat(struck.exitCode()).as(struck.toString()).isEqualTo(1);
        assertThat(struck.stdout()).contains("cloudtask --resume 1");
        List<JobLine> jobs = new SessionFiles(sessions).jobs(1);
        assertThat(jobs).hasSize(5).extracting(JobLine::state).contains("PENDING").doesNotContain("EXIT=0");

        CliResult resumed = cloudtask(sessions, scratch).args("--resume", "1", "--strikes", "0").run(ofSeconds(60));

        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(1);
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::state).containsOnly("EXIT=4");
    }

    @Test
    void retryOfASessionRunsItsFailedJobsAgainAndThenItIsFinished() throws Exception {
        Path job = failingOnce();
        CliResult failed = cloudtask(sessions, scratch).args(job.toString()).stdinLines(List.of("a", "b"))
                .run(ofSeconds(60));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);

        CliResult retried = cloudtask(sessions, scratch).args("--retry", "1").run(ofSeconds(60));

        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::state).containsExactly("EXIT=0", "EXIT=0");

        CliResult again = cloudtask(sessions, scratch).args("--resume", "1").run(ofSeconds(60));

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stdoutLines()).containsExactly("session 1 finished");
    }
}
