package org.cloudtask.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/ssh-throughput.sh, small (200 jobs per tool, on 127.0.0.4 and .5), so that the benchmark cannot rot: every
 * tool (cloudtask, GNU parallel, xargs + ssh) must run every job with the right output. No figure is judged here.
 */
@Timeout(420)
class SshBenchmarkEndToEndTest {

    @TempDir
    Path scratch;

    @Test
    void everyToolOfTheSshBenchmarkRunsEveryJob() throws Exception {
        Path root = Path.of(System.getProperty("cloudtask.launcher")).toAbsolutePath().getParent().getParent();
        Path log = scratch.resolve("benchmark.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("bench/ssh-throughput.sh").toString(),
                "--jobs", "200", "--sleep-jobs", "20", "--hosts", "127.0.0.4,127.0.0.5", "--check-only"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CLOUDTASK_JAR", System.getProperty("cloudtask.jar"));
        builder.environment().put("TMPDIR", scratch.toString());
        Process benchmark = builder.start();
        benchmark.getOutputStream().close();
        try {
            assertThat(benchmark.waitFor(400, TimeUnit.SECONDS)).as("the benchmark ends").isTrue();
        } finally {
            stop(benchmark);
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertThat(benchmark.exitValue()).as(output).isZero();
        assertThat(output).contains("cloudtask: all 200 jobs ran", "parallel: all 200 jobs ran",
                "xargs: all 200 jobs ran", "cloudtask (sleep 0.1): all 20 jobs ran",
                "parallel (sleep 0.1): all 20 jobs ran", "xargs (sleep 0.1): all 20 jobs ran");
    }

    /** TERM lets the script's trap stop its sshd workers and ControlMasters; KILL only if it does not end. */
    private static void stop(Process benchmark) throws InterruptedException {
        if (!benchmark.isAlive()) return;
        benchmark.destroy();
        if (!benchmark.waitFor(30, TimeUnit.SECONDS)) benchmark.destroyForcibly();
    }
}
