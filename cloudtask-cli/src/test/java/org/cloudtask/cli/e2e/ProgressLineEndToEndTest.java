package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line as a terminal shows it, read from a real pseudo-terminal ({@code script}): never more running
 * than slots, the total without {@code +} once the input has ended, redrawn every second while no job ends, and
 * erased before the summary and on abort.
 */
@Timeout(120)
class ProgressLineEndToEndTest {

    private static final String ERASE_LINE = "\r\033[K";
    private static final Pattern FRAME =
            Pattern.compile("^(\\d+)/(\\d+)(\\+?) done, (\\d+) running, (\\d+) pending, (\\d+) failed");

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void progressLineTellsTheTruthAndIsGoneBeforeTheSummary() throws Exception {
        List<String> inputs = List.of("sleep 2.5", "sleep 2.5", "true", "true", "true", "true");

        CliResult result = cloudtask(sessions, scratch).onTerminal().args("--split", "2").stdinLines(inputs)
                .run(ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Matcher> frames = frames(result.stdout());
        assertThat(frames).as(result.stdout()).isNotEmpty();
        assertThat(frames).allSatisfy(frame -> assertThat(Integer.parseInt(frame.group(4))).isLessThanOrEqualTo(2));
        // the two sleeps hold both slots for 2.5 s: no job ends, yet the line is redrawn every second
        assertThat(frames).filteredOn(frame -> frame.group(1).equals("0")).hasSizeGreaterThanOrEqualTo(2);
        Matcher last = frames.get(frames.size() - 1);
        assertThat(last.group(2) + last.group(3)).as("total once the input has ended").isEqualTo("6");
        assertThat(afterLastErase(result.stdout())).doesNotContain(" running, ")
                .contains("6 jobs, 6 ok, 0 failed, 0 timeouts, 0 pending");
    }

    @Test
    void progressLineIsErasedOnAbort() throws Exception {
        try (RunningCli running = cloudtask(sessions, scratch).onTerminal().args("--split", "2", "sleep")
                .stdinLines(List.of("30", "30", "30")).start()) {
            await().atMost(ofSeconds(60)).until(() -> running.stdoutSoFar().contains("0/3 done, 2 running"));
            ProcessHandle java = running.descendants().stream()
                    .filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().orElseThrow();
            // why TERM: SIGINT may come ignored from the test's parent (nohup, a script's &) and stay ignored
            new ProcessBuilder("kill", "-TERM", Long.toString(java.pid())).start().waitFor();
            CliResult result = running.awaitExit(ofSeconds(60));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
            assertThat(afterLastErase(result.stdout())).doesNotContain(" running, ").contains("aborted");
        }
    }

    /** The progress lines drawn, in order: what follows each erase when it is a progress line. */
    private static List<Matcher> frames(String transcript) {
        List<Matcher> frames = new ArrayList<>();
        for (String drawn : transcript.split(Pattern.quote(ERASE_LINE))) {
            Matcher m = FRAME.matcher(drawn);
            if (m.find()) frames.add(m);
        }
        return frames;
    }

    private static String afterLastErase(String transcript) {
        return transcript.substring(transcript.lastIndexOf(ERASE_LINE) + ERASE_LINE.length());
    }
}
