package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.testing.DispatchBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million jobs through the whole engine (journal, jobs file, snapshot) in a JVM limited to 256 MB, then a retry of
 * the thousand that failed. Prints the figures (jobs/s, time to first job); asserts only that it all completes.
 */
@Timeout(600)
class MillionJobsTest {

    @TempDir
    Path dir;

    @Test
    void aMillionJobsCompleteWithA256MegabyteHeapAndTheirFailuresCanBeRetried() throws Exception {
        Path log = dir.resolve("benchmark.log");
        Process benchmark = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), DispatchBenchmark.class.getName(),
                dir.resolve("sessions").toString(), "1000000", "8", "1000"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(benchmark.waitFor(540, TimeUnit.SECONDS)).isTrue();
        } finally {
            benchmark.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertThat(benchmark.exitValue()).as(output).isZero();
        assertThat(output).contains("run: jobs=1000000 ok=999000 failed=1000")
                .contains("retry: jobs=1000000 ok=1000000 failed=0");
    }
}
