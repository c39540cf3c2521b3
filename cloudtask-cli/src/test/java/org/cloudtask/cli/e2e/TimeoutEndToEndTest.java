package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TimeoutEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void timedOutJobLeavesNoProcessBehind() throws Exception {
        Path childPid = scratch.resolve("child.pid");
        Path job = new JobScripts(scratch).script("job", """
                sleep 300 &
                echo $! > '%s'
                sleep 300
                """.formatted(childPid));

        CliResult result = cloudtask(sessions, scratch).args("--timeout", "1", "--kill-grace", "1", job.toString())
                .stdinLines(List.of("1")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("timeout # " + job + " 1");
        assertThat(new SessionFiles(sessions).jobs(1)).singleElement()
                .satisfies(line -> assertThat(line.state()).isEqualTo("TIMEOUT"));
        long pid = Long.parseLong(Files.readString(childPid).strip());
        try {
            await().atMost(ofSeconds(10)).until(() -> Processes.gone(pid));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void jobThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
        Path job = new JobScripts(scratch).script("stubborn", """
                trap '' TERM
                sleep 300
                """);

        CliResult result = cloudtask(sessions, scratch).args("--timeout", "1", "--kill-grace", "1", job.toString())
                .stdinLines(List.of("1")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(new SessionFiles(sessions).jobs(1)).singleElement()
                .satisfies(line -> assertThat(line.state()).isEqualTo("TIMEOUT"));
    }
}
