package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudtask sessions}: one line per session, newest first, with its id, start, state (running, finished,
 * aborted, crashed), counts and command.
 */
@Timeout(180)
class SessionsEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void listsEverySessionNewestFirstWithItsState() throws Exception {
        CliResult finished = cloudtask(sessions, scratch).args("echo").stdinLines(List.of("1", "2")).run(ofSeconds(60));
        assertThat(finished.exitCode()).as(finished.toString()).isZero();

        try (RunningCli aborted = sleeper("sleep")) {
            aborted.signal("TERM");
            assertThat(aborted.awaitExit(ofSeconds(60)).exitCode()).isEqualTo(143);
        }

        try (RunningCli crashed = sleeper("sleep")) {
            List<ProcessHandle> jobs = crashed.descendants();
            crashed.signal("KILL");
            crashed.awaitExit(ofSeconds(60));
            jobs.forEach(ProcessHandle::destroyForcibly);
        }

        try (RunningCli running = sleeper("sleep")) {
            CliResult listed = cloudtask(sessions, scratch).args("sessions").run(ofSeconds(60));

            assertThat(listed.exitCode()).as(listed.toString()).isZero();
            List<String> lines = listed.stdoutLines();
            assertThat(lines.get(0).split("\\s+")).containsExactly("SESSION", "STARTED", "STATE", "JOBS", "OK",
                    "FAILED", "TIMEOUTS", "PENDING", "COMMAND");
            assertThat(lines.subList(1, lines.size())).hasSize(4);
            assertThat(fields(lines.get(1))).containsExactly("4", started(lines.get(1)), "running", "2", "0", "0",
                    "0", "2", "sleep");
            assertThat(fields(lines.get(2))).containsExactly("3", started(lines.get(2)), "crashed", "2", "0", "0",
                    "0", "2", "sleep");
            assertThat(fields(lines.get(3))).containsExactly("2", started(lines.get(3)), "aborted", "2", "0", "0",
                    "0", "2", "sleep");
            assertThat(fields(lines.get(4))).containsExactly("1", started(lines.get(4)), "finished", "2", "2", "0",
                    "0", "0", "echo");
            running.signal("TERM");
            running.awaitExit(ofSeconds(60));
        }
    }

    @Test
    void anEmptyDirectorySaysSo() throws Exception {
        CliResult listed = cloudtask(sessions, scratch).args("sessions").run(ofSeconds(60));

        assertThat(listed.exitCode()).isZero();
        assertThat(listed.stdoutLines()).containsExactly("no sessions in " + sessions);
    }

    private static String[] fields(String line) {
        return line.split("\\s{2,}");
    }

    /** The STARTED field, after checking its format. */
    private static String started(String line) {
        String started = fields(line)[1];
        assertThat(started).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        return started;
    }

    /** Two jobs of 60 s on two slots, both started. */
    private RunningCli sleeper(String command) throws Exception {
        RunningCli running = cloudtask(sessions, scratch).args("--split", "2", command).stdinLines(List.of("60", "60"))
                .start();
        await().atMost(ofSeconds(60)).until(() -> running.descendants().size() >= 2);
        return running;
    }
}
