package org.cloudtask.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsListTest {

    @TempDir
    Path dir;

    @Test
    void jobsFileKeepsTheOriginalFormatAndStatesAreUpdatedInPlace() throws Exception {
        try (JobsList jobs = new JobsList(dir)) {
            JobsList.StoredJob a = jobs.add("1", "echo 1");
            JobsList.StoredJob b = jobs.add("x y", "echo x y");
            jobs.add("1", "echo 1");
            jobs.setState(a.jobsOffset(), "EXIT=0");
            jobs.setState(b.jobsOffset(), "TIMEOUT");
        }
        assertThat(Files.readAllLines(dir.resolve("jobs")))
                .containsExactly("EXIT=0  \techo 1", "TIMEOUT \techo x y", "PENDING \techo 1");
    }

    @Test
    void jobsAreReadBackByIdAfterReopening() throws Exception {
        try (JobsList jobs = new JobsList(dir)) {
            jobs.add("a 'b c'", "echo a 'b c'");
            jobs.add("東京", "echo '東京'");
        }
        try (JobsList jobs = new JobsList(dir)) {
            assertThat(jobs.count()).isEqualTo(2);
            assertThat(jobs.read(2).job().input()).isEqualTo("東京");
            assertThat(jobs.read(2).job().command()).isEqualTo("echo '東京'");
            assertThat(jobs.read(1).job().input()).isEqualTo("a 'b c'");
        }
    }

    @Test
    void aNulSeparatedListKeepsLineFeedsAndAnyBytesAndKnowsJobsThatFailedToBuild() throws Exception {
        String latin1 = org.cloudtask.core.text.LosslessText.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9});
        try (JobsList jobs = new JobsList(dir, (byte) 0)) {
            jobs.add("two\nlines", "echo 'two\nlines'");
            jobs.add("Don't", org.cloudtask.core.job.Job.BUILD_FAILED + "input line 2: the single quote ...");
            jobs.add(latin1, "echo " + latin1);
        }
        try (JobsList jobs = new JobsList(dir, (byte) 0)) {
            assertThat(jobs.count()).isEqualTo(3);
            assertThat(jobs.read(1).job().input()).isEqualTo("two\nlines");
            assertThat(jobs.read(1).job().command()).isEqualTo("echo 'two\nlines'");
            assertThat(jobs.read(3).job().input()).isEqualTo(latin1);
            assertThat(jobs.failedToBuild(1)).isFalse();
            assertThat(jobs.failedToBuild(2)).isTrue();
            assertThat(jobs.read(2).job().buildProblem()).isEqualTo("input line 2: the single quote ...");
        }
        assertThat(Files.readAllBytes(dir.resolve("inputs")))
                .isEqualTo("two\nlines\0Don't\0caf\u00e9\0".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aJobWhoseLinesWereCutByACrashIsDropped() throws Exception {
        try (JobsList jobs = new JobsList(dir)) {
            jobs.add("1", "echo 1");
            jobs.add("2", "echo 2");
        }
        byte[] jobsFile = Files.readAllBytes(dir.resolve("jobs"));
        Files.write(dir.resolve("jobs"), java.util.Arrays.copyOf(jobsFile, jobsFile.length - 3));
        Files.write(dir.resolve("index"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        try (JobsList jobs = new JobsList(dir)) {
            assertThat(jobs.count()).isEqualTo(1);
            jobs.add("3", "echo 3");
        }
        assertThat(Files.readString(dir.resolve("jobs"), StandardCharsets.UTF_8))
                .isEqualTo("PENDING \techo 1\nPENDING \techo 3\n");
    }
}
