package org.cloudtask.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's way onto the PATH: a link to bin/cloudtask in a PATH directory runs as {@code cloudtask}. */
@Timeout(60)
class LauncherOnPathEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path bin;

    @Test
    void aLinkOnThePathRunsCloudtask() throws Exception {
        Files.createSymbolicLink(bin.resolve("cloudtask"), CliProcess.launcher());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "seq 3 | cloudtask echo").redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("CLOUDTASK_JAR", System.getProperty("cloudtask.jar"));
        builder.environment().put("CLOUDTASK_SESSIONS", sessions.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("3 jobs, 3 ok, 0 failed, 0 timeouts, 0 pending");
    }
}
