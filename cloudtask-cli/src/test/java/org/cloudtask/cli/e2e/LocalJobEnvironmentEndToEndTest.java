package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local job sees of the real bin/cloudtask that started it: the caller's environment as xargs would pass it,
 * minus cloudtask's own secrets, which are in no ancestor's /proc/PID/environ either (bin/cloudtask hands them to the
 * JVM through a pipe).
 */
@Timeout(120)
class LocalJobEnvironmentEndToEndTest {

    private static final Map<String, String> SECRETS = Map.of(
            "CLOUDTASK_SSH_PASSPHRASE", "passphrase-in-no-environ-1984",
            "AWS_ACCESS_KEY_ID", "AKIAINNOENVIRON00001",
            "AWS_SECRET_ACCESS_KEY", "aws-secret-in-no-environ-2001",
            "AWS_SESSION_TOKEN", "aws-token-in-no-environ-2010");

    /** Walks up from the job to init, printing each ancestor's command line and environment (what it can read). */
    private static final String READ_ANCESTORS = "pid=$$; while [ \"$pid\" -gt 1 ]; do"
            + " pid=$(sed 's/.*) //' /proc/$pid/stat | cut -d' ' -f2);"
            + " echo \"ancestor $pid: $(tr '\\0' ' ' < /proc/$pid/cmdline)\";"
            + " tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null;"
            + " done > \"$1\"; exit 0";

    @TempDir
    Path sessions;
    @TempDir
    Path scratch;

    @Test
    void localJobsGetTheCallersEnvironmentAndTheirOwnVariablesButNoSecret() throws Exception {
        Path seen = scratch.resolve("env.txt");
        CliProcess cli = cloudtask(sessions, scratch).env("FOO", "exported by the caller").env("LANG", "C.UTF-8")
                .args("sh", "-c", "env > \"$1\"", "job");
        SECRETS.forEach(cli::env);
        CliResult result = cli.stdinLines(List.of(seen.toString())).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> variables = Files.readAllLines(seen, StandardCharsets.ISO_8859_1); // the caller's bytes, any
        assertThat(variables).contains("FOO=exported by the caller", "LANG=C.UTF-8", "CLOUDTASK_JOB=1",
                "CLOUDTASK_WORKER=local-1");
        SECRETS.keySet().forEach(name -> assertThat(variables).noneMatch(line -> line.startsWith(name + "=")));
    }

    @Test
    void aLocalJobFindsNoSecretInTheEnvironmentOfAnyAncestor() throws Exception {
        Path seen = scratch.resolve("ancestors.txt");
        CliProcess cli = cloudtask(sessions, scratch).args("sh", "-c", READ_ANCESTORS, "job");
        SECRETS.forEach(cli::env);
        CliResult result = cli.stdinLines(List.of(seen.toString())).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        // An ancestor's environment may hold any bytes (the CI runner's did); Latin-1 maps each byte to one char.
        String ancestors = Files.readString(seen, StandardCharsets.ISO_8859_1);
        assertThat(ancestors).as("the walk reached the cloudtask JVM").contains("cloudtask.jar");
        SECRETS.forEach((name, value) -> assertThat(ancestors).as(name).doesNotContain(value));
    }
}
