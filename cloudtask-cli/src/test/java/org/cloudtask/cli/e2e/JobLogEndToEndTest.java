package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --joblog} as GNU parallel writes it: the same jobs run by {@code parallel --joblog} and by
 * {@code bin/cloudtask --joblog} give the same header, columns and number formats, one line per job even with
 * retries; and parallel's {@code --resume} over cloudtask's joblog runs nothing more.
 */
@Timeout(120)
class JobLogEndToEndTest {

    /**
     * Each line is the command, for both: successes, a failure (retried). Not a local job killed by a signal: Java
     * reports that as exit 128+N, so cloudtask cannot write parallel's Exitval 0 and Signal N for it.
     */
    private static final List<String> INPUTS = List.of("echo out; exit 0", "echo out; exit 3", "echo out",
            "printf 'no newline'");

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void cloudtaskJobLogMatchesGnuParallelsAndParallelResumesNothingFromIt() throws Exception {
        Path theirs = scratch.resolve("parallel.joblog");
        Path ours = scratch.resolve("cloudtask.joblog");
        parallel("--retries", "2", "--joblog", theirs.toString());
        CliResult result = cloudtask(sessions, scratch)
                .args("--split", "2", "--retries", "1", "--joblog", ours.toString())
                .stdinLines(INPUTS).run(ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);

        List<String[]> theirRows = rows(theirs);
        List<String[]> ourRows = rows(ours);
        assertThat(ourRows.get(0)).containsExactly(theirRows.get(0));
        assertThat(ourRows).hasSize(INPUTS.size() + 1);
        for (int i = 1; i < ourRows.size(); i++) {
            String[] mine = ourRows.get(i);
            String[] parallels = theirRows.get(i);
            assertThat(mine).as(String.join("|", mine)).hasSize(9);
            assertThat(mine[0]).isEqualTo(parallels[0]);
            assertThat(mine[1]).isEqualTo(":").isEqualTo(parallels[1]);
            assertThat(mine[2]).matches("\\d{10}\\.\\d{3}");
            assertThat(parallels[2]).matches("\\d{10}\\.\\d{3}");
            // %10.3f: ten characters, blanks before the number
            assertThat(mine[3]).hasSize(10).matches(" *\\d+\\.\\d{3}");
            assertThat(parallels[3]).hasSize(10).matches(" *\\d+\\.\\d{3}");
            assertThat(mine[4]).isEqualTo(parallels[4]);
            assertThat(mine[5]).as("Receive").isEqualTo(parallels[5]);
            assertThat(mine[6]).as("Exitval of job " + mine[0]).isEqualTo(parallels[6]);
            assertThat(mine[7]).as("Signal of job " + mine[0]).isEqualTo(parallels[7]);
        }
        assertThat(ourRows).extracting(row -> row[8]).containsExactlyElementsOf(
                theirRows.stream().map(row -> row[8]).toList());

        long before = Files.size(ours);
        String resumed = parallel("--resume", "--joblog", ours.toString(), "echo ran {}");
        assertThat(resumed).isEmpty();
        assertThat(Files.size(ours)).isEqualTo(before);
    }

    /** Runs GNU parallel over {@link #INPUTS}; returns its standard output. */
    private String parallel(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("parallel", "--will-cite", "-j", "2"));
        command.addAll(List.of(args));
        Path input = Files.write(scratch.resolve("inputs"), INPUTS);
        Path output = scratch.resolve("parallel.out");
        Process process = new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** The header, then the jobs' lines by Seq. */
    private static List<String[]> rows(Path joblog) throws IOException {
        List<String> lines = Files.readAllLines(joblog);
        List<String[]> jobs = lines.subList(1, lines.size()).stream().map(line -> line.split("\t", -1))
                .sorted(Comparator.comparingLong(row -> Long.parseLong(row[0]))).toList();
        java.util.ArrayList<String[]> rows = new java.util.ArrayList<>();
        rows.add(lines.get(0).split("\t", -1));
        rows.addAll(jobs);
        return rows;
    }
}
