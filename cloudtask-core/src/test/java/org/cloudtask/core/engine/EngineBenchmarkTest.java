package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.testing.EngineBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/engine.sh's benchmark, small (10,000 jobs, 100 left to run again), so that it cannot rot: every step runs
 * every job. Prints the figures; judges none.
 */
@Timeout(180)
class EngineBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theEngineBenchmarkRunsEveryJobAndResumesThePendingOnesWithAndWithoutSnapshot() throws Exception {
        Path log = dir.resolve("benchmark.log");
        Process benchmark = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), EngineBenchmark.class.getName(),
                dir.toString(), "10000", "100"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(benchmark.waitFor(150, TimeUnit.SECONDS)).isTrue();
        } finally {
            benchmark.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertThat(benchmark.exitValue()).as(output).isZero();
        assertThat(output).contains("input: jobs=10000 ran=10000 ok=9900 failed=100 pending=0",
                "crash-retry: jobs=10000 ran=100 ok=10000 failed=0 pending=0",
                "retry: jobs=10000 ran=100 ok=10000 failed=0 pending=0");
    }
}
