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
