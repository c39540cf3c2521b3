package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTableTest {

    @TempDir
    Path dir;

    static JobRecord row(long job, int attempt, String input, String result, int build) {
        return new JobRecord(job, attempt, input, "w1", result, Instant.ofEpochMilli(1_000), Duration.ofMillis(250), build);
    }

    @Test
    void rowsSurviveInputsWithTabsNewlinesAndBackslashes() {
        JobTable table = new JobTable(dir.resolve("jobs.tsv"));
        JobRecord awkward = row(1, 1, "a\tb\nc\\d 'é'", "EXIT=0", 3);
        table.append(awkward);
        assertThat(table.latestByJob().values()).containsExactly(awkward);
    }

    @Test
    void theLastAttemptOfAJobWins() {
        JobTable table = new JobTable(dir.resolve("jobs.tsv"));
        table.append(row(1, 1, "x", "EXIT=1", 3));
        table.append(row(2, 1, "y", "EXIT=0", 3));
        table.append(row(1, 2, "x", "EXIT=0", 3));
        assertThat(table.latestByJob().values()).extracting(JobRecord::attempt).containsExactly(2, 1);
    }

    @Test
    void aLineTornByACrashIsSkipped() throws IOException {
        Path file = dir.resolve("jobs.tsv");
        JobTable table = new JobTable(file);
        table.append(row(1, 1, "x", "EXIT=0", 3));
        Files.writeString(file, "2\t1\ty\tw1\tEX", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(table.latestByJob()).containsOnlyKeys(1L);
    }

    @Test
    void aResumeCarriesOverFinishedResultsWithTheBuildThatProducedThem() {
        JobTable earlier = new JobTable(dir.resolve("4.tsv"));
        earlier.append(row(1, 1, "ok", "EXIT=0", 4));
        earlier.append(row(2, 1, "bad", "EXIT=2", 4));
        earlier.append(row(3, 1, "slow", "TIMEOUT", 4));
        earlier.append(row(4, 1, "cut", "ABORTED", 4));
        earlier.append(row(5, 1, "gone", "LOST", 4));

        JobTable now = new JobTable(dir.resolve("5.tsv"));
        now.carryOver(earlier, false);

        assertThat(now.latestByJob().values()).extracting(JobRecord::input).containsExactly("ok", "bad", "slow");
        assertThat(now.latestByJob().values()).extracting(JobRecord::build).containsOnly(4);
    }

    @Test
    void retryFailedCarriesOverOnlyTheSuccessesAndTheJobsThatFailedToBuild() {
        JobTable earlier = new JobTable(dir.resolve("4.tsv"));
        earlier.append(row(1, 1, "ok", "EXIT=0", 4));
        earlier.append(row(2, 1, "bad", "EXIT=2", 4));
        // why kept: a retry does not run a job whose input line cannot become a job, so only this row shows it
        earlier.append(JobRecord.failedToBuild(3, "Don't", "input line 3: the single quote at column 4 is never closed",
                java.time.Instant.EPOCH, 4));
        JobTable now = new JobTable(dir.resolve("5.tsv"));
        now.carryOver(earlier, true);
        assertThat(now.latestByJob().values()).extracting(JobRecord::input).containsExactly("ok", "Don't");
    }
}
