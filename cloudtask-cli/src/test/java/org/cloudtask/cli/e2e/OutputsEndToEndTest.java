package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, items 5, 6 and 8, with the real {@code bin/cloudtask}: one job's output at hand ({@code report --job}, also
 * over a real OpenSSH worker at 127.0.1.41), {@code --group} blocks right after their status lines, {@code --return}
 * refused where local jobs would overwrite each other's files.
 */
@Timeout(240)
class OutputsEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private final OneSshWorker worker = new OneSshWorker("127.0.1.41");

    @AfterEach
    void stopWorker() {
        worker.close();
    }

    private CliProcess cli(boolean overSsh, String... args) throws IOException {
        return worker.cli(overSsh, sessions, scratch).args(args);
    }

    @ParameterizedTest(name = "over SSH: {0}")
    @ValueSource(booleans = {false, true})
    void reportJobPrintsEveryAttemptOfOneJobUnderALineNamingAttemptWorkerAndResult(boolean overSsh) throws Exception {
        Path job = new JobScripts(scratch).script("talk", """
                echo "out $1 attempt $CLOUDTASK_ATTEMPT"
                echo "err $1" >&2
                test "$1" != 2
                """);

        CliResult run = cli(overSsh, "--split", "2", "--retries", "1", job.toString())
                .stdinLines(List.of("1", "2", "3")).run(ofSeconds(120));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);

        CliResult two = cloudtask(sessions, scratch).args("report", "1", "--job", "2").run(ofSeconds(60));

        assertThat(two.exitCode()).as(two.toString()).isZero();
        List<String> lines = two.stdoutLines();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).matches("=== job 2 attempt 1 on \\S+: EXIT=1, retried ===");
        assertThat(lines.subList(1, 3)).containsExactlyInAnyOrder("out 2 attempt 1", "err 2");
        assertThat(lines.get(3)).matches("=== job 2 attempt 2 on \\S+: EXIT=1 ===");
        assertThat(lines.subList(4, 6)).containsExactlyInAnyOrder("out 2 attempt 2", "err 2");

        CliResult three = cloudtask(sessions, scratch).args("report", "1", "--job", "3").run(ofSeconds(60));
        assertThat(three.stdoutLines()).hasSize(3).first().asString().matches("=== job 3 attempt 1 on \\S+: EXIT=0 ===");

        CliResult none = cloudtask(sessions, scratch).args("report", "1", "--job", "4").run(ofSeconds(60));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("session 1 has no job 4 (its jobs are 1..3)");
    }

    @Test
    void groupPrintsEachJobsOutputWholeRightAfterItsStatusLineUnderAHeader() throws Exception {
        List<String> inputs = IntStream.rangeClosed(1, 12).mapToObj(Integer::toString).toList();

        CliResult result = cli(false, "--split", "3", "--group", "sh", "-c",
                "for i in 1 2 3; do echo \"out $1 line $i\"; sleep 0.0$1; done", "x")
                .stdinLines(inputs).run(ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.stdoutLines();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.matches("local-\\d: exit 0 # .*")) continue;
            String job = line.substring(line.lastIndexOf(' ') + 1);
            String worker = line.substring(0, line.indexOf(':'));
            assertThat(lines.subList(i + 1, i + 5)).as(result.toString()).containsExactly(
                    "=== job " + job + " attempt 1 on " + worker + ": EXIT=0 ===",
                    "out " + job + " line 1", "out " + job + " line 2", "out " + job + " line 3");
            blocks++;
        }
        assertThat(blocks).isEqualTo(12);
    }

    @Test
    void tagPrefixesEachLineWithWorkerAndJob() throws Exception {
        CliResult result = cli(false, "--split", "2", "--tag", "sh", "-c", "echo a $1; echo b $1", "x")
                .stdinLines(List.of("1", "2")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> tagged = new ArrayList<>(result.stdoutLines().stream().filter(l -> l.matches("local-\\d \\d: .*"))
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList());
        assertThat(tagged).containsExactlyInAnyOrder("1: a 1", "1: b 1", "2: a 2", "2: b 2");
    }

    @Test
    void returnWithLocalJobsAtOnceIsRefusedWithOneLineAndWithOneLocalSlotWorks() throws Exception {
        CliResult refused = cli(false, "--split", "4", "--return", "out.txt", "sh", "-c", "echo $1 > out.txt", "x")
                .stdinLines(List.of("1", "2")).run(ofSeconds(60));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderrLines()).singleElement().asString()
                .startsWith("cloudtask: --return with 4 local jobs at once: local jobs all run in cloudtask's own"
                        + " working directory");
        assertThat(new SessionFiles(sessions).ids()).isEmpty();

        Path jobs = Files.createDirectories(scratch.resolve("jobs"));
        CliResult one = cli(false, "--return", "out.txt", "sh", "-c", "echo $1 > out.txt", "x")
                .workingDirectory(jobs).stdinLines(List.of("1", "2", "3")).run(ofSeconds(60));

        assertThat(one.exitCode()).as(one.toString()).isZero();
        Path returns = new SessionFiles(sessions).directory(1).resolve("returns");
        for (int job = 1; job <= 3; job++) assertThat(returns.resolve(job + "/out.txt")).hasContent(Integer.toString(job));
    }
}
