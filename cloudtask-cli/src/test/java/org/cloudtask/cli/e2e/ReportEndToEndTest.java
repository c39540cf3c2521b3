package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
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

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as(name + " in the page").isTrue();
        return m.group(1);
    }
}
