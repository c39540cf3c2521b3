package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.cloudtask.core.testing.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class ReportEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void reportOfARealSessionPrintsTextWritesOutputsAndAPageChromiumDraws() throws Exception {
        Path job = new JobScripts(scratch).script("job", """
                echo "working on $1"
                sleep 0.$(( $1 % 4 ))
                if [ $(( $1 % 7 )) -eq 0 ]; then echo "cannot do $1" >&2; exit 3; fi
                """);
        List<String> inputs = IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList();
        CliResult run = cloudtask(sessions, scratch).args("--split", "3", job.toString()).stdinLines(inputs)
                .run(ofSeconds(120));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Path page = scratch.resolve("report.html");
        Path out = scratch.resolve("out");

        CliResult report = cloudtask(sessions, scratch).args("report", "1", "--html", page.toString(), "--outdir",
                out.toString()).run(ofSeconds(120));

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.stdout()).contains("total 20, ok 18, failed 2, timeouts 0, pending 0")
                .contains("job 7  EXIT=3").contains("    | cannot do 14").contains("wrote " + page);
        assertThat(Files.readString(out.resolve("failed/07.out"))).isEqualTo("working on 7\ncannot do 7\n");
        assertThat(Files.readString(out.resolve("succeeded/20.out"))).isEqualTo("working on 20\n");

        HeadlessChromium.Result loaded = new HeadlessChromium(scratch).dumpDom(page);
        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(attribute(loaded.stdout(), "data-ready")).isEqualTo("1");
        assertThat(attribute(loaded.stdout(), "data-rows")).isEqualTo("3"); // the timeline's canvas comes first
        assertThat(attribute(loaded.stdout(), "data-bars")).isEqualTo("20");
    }

    @Test
    void reportWhileTheSessionRunsNamesTheControllerAndDoesNotDisturbIt() throws Exception {
        Path gate = scratch.resolve("gate");
        Path job = new JobScripts(scratch).script("job", """
                if [ "$1" = 3 ]; then while [ ! -e '%s' ]; do sleep 0.1; done; fi
                echo "done $1"
                """.formatted(gate));
        try (RunningCli controller = cloudtask(sessions, scratch).args(job.toString())
                .stdinLines(List.of("1", "2", "3", "4")).start()) {
            await().atMost(ofSeconds(60)).until(() -> controller.stdoutOrStderrContains("exit 0 # " + job + " 2"));

            CliResult during = cloudtask(sessions, scratch).args("report", "1").run(ofSeconds(60));

            assertThat(during.exitCode()).as(during.toString()).isZero();
            assertThat(during.stdout()).contains("state: running (controller pid ")
                    .contains("total 4, ok 2, failed 0, timeouts 0, pending 2 (1 running)")
                    .contains("job 3  running on local-1  input: 3").contains("job 4  never started  input: 4");
            Files.writeString(gate, "");
            CliResult finished = controller.awaitExit(ofSeconds(60));
            assertThat(finished.exitCode()).as(finished.toString()).isZero();
        }
        CliResult after = cloudtask(sessions, scratch).args("report", "1").run(ofSeconds(60));
        assertThat(after.stdout()).contains("state: finished").contains("total 4, ok 4, failed 0");
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as(name + " in the page").isTrue();
        return m.group(1);
    }
}
