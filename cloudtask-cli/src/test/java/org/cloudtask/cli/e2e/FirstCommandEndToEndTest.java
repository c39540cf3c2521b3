package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cloudtask.cli.e2e.SessionFiles.JobLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class FirstCommandEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void faqExampleRunsEchoOncePerLineAndExitsZero() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("echo").stdinLines(List.of("1", "2", "3"))
                .run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (int i = 1; i <= 3; i++) {
            String status = "local-1: exit 0 # echo " + i;
            assertThat(result.stdoutLines()).as(result.toString()).contains(status);
        }
        assertThat(result.stdout()).contains("session 1");
        assertThat(new SessionFiles(sessions).jobs(1)).containsExactly(
                new JobLine("EXIT=0", "echo 1"), new JobLine("EXIT=0", "echo 2"), new JobLine("EXIT=0", "echo 3"));
    }

    @Test
    void twoHundredJobsOnEightWorkersAreEachRecordedExactlyOnce() throws Exception {
        JobScripts scripts = new JobScripts(scratch);
        Path job = scripts.marking("job", "0");
        List<String> ids = IntStream.rangeClosed(1, 200).mapToObj(Integer::toString).toList();

        CliResult result = cloudtask(sessions, scratch).args("--split", "8", job.toString()).stdinLines(ids)
                .run(ofSeconds(150));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JobLine> jobs = new SessionFiles(sessions).jobs(1);
        assertThat(jobs).hasSize(200).allSatisfy(line -> assertThat(line.state()).isEqualTo("EXIT=0"));
        assertThat(jobs).extracting(JobLine::command)
                .containsExactlyElementsOf(ids.stream().map(id -> job + " " + id).toList());
        Map<String, Long> starts = JobScripts.count(scripts.marks(), "start");
        assertThat(starts).containsOnlyKeys(ids).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
        assertThat(result.stdoutLines()).filteredOn(l -> l.contains(": exit 0 # ")).hasSize(200);
    }

    @Test
    void nonAsciiInputRunsUnchangedUnderThePosixLocale() throws Exception {
        CliResult result = cloudtask(sessions, scratch).env("LC_ALL", "C").env("LANG", "").args("printf", "%s|")
                .stdinLines(List.of("東京 Zürich")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::command)
                .containsExactly("printf '%s|' '東京' 'Zürich'");
        Path output = Files.list(new SessionFiles(sessions).directory(1).resolve("output")).findFirst().orElseThrow();
        assertThat(Files.readString(output)).as(result.toString()).isEqualTo("東京|Zürich|");
    }

    @Test
    void inputTextIsPassedAsWordsAndNeverRunAsShell() throws Exception {
        Path injected = scratch.resolve("injected");

        CliResult result = cloudtask(sessions, scratch).args("echo")
                .stdinLines(List.of("x; touch " + injected, "'a b' \"c d\" # comment")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(injected).doesNotExist();
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::command)
                .containsExactly("echo 'x;' touch " + injected, "echo 'a b' 'c d'");
    }

    @Test
    void quietPrintsTheSummaryOnly() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("--quiet", "echo").stdinLines(List.of("1", "2"))
                .run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).singleElement().asString().startsWith("session 1");
    }

    @Test
    void joblogHasGnuParallelColumnsAndALinePerJob() throws Exception {
        Path joblog = scratch.resolve("joblog.tsv");

        CliResult result = cloudtask(sessions, scratch).args("--joblog", joblog.toString(), "sh", "-c", "exit $0")
                .stdinLines(List.of("0", "3")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> lines = Files.readAllLines(joblog);
        assertThat(lines.get(0)).isEqualTo("Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand");
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split("\t")[6]).containsExactlyInAnyOrder("0", "3");
    }

    @Test
    void inputFileGivesTheJobsInsteadOfStandardInput() throws Exception {
        Path inputs = Files.write(scratch.resolve("inputs.txt"), List.of("from-file"));

        CliResult result = cloudtask(sessions, scratch).args("--input", inputs.toString(), "echo")
                .stdinLines(List.of("from-stdin")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(new SessionFiles(sessions).jobs(1)).extracting(JobLine::command).containsExactly("echo from-file");
    }
}
