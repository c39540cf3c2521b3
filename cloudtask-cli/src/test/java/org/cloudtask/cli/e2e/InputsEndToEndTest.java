package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, items 1 to 4, with the real {@code bin/cloudtask}, on local workers and on a real OpenSSH worker
 * (127.0.1.40, logged in as the test's own user, so its jobs write to the same scratch directory): no input line is
 * lost, bytes pass through exactly, one line or one NUL-ended item is one argument.
 */
@Timeout(300)
class InputsEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private final OneSshWorker worker = new OneSshWorker("127.0.1.40");

    @AfterEach
    void stopWorker() {
        worker.close();
    }

    private CliProcess cli(boolean overSsh, String... args) throws IOException {
        return worker.cli(overSsh, sessions, scratch).args(args);
    }

    /**
     * A job that writes the arguments it got, each ended by NUL, to {@code got/<job id>}; run by GNU parallel, to
     * {@code got/p<sequence number>}.
     */
    private Path argumentWriter() throws IOException {
        Files.createDirectories(scratch.resolve("got"));
        return new JobScripts(scratch).script("write-arguments", """
                printf '%%s\\0' "$@" > '%s/got/'"${CLOUDTASK_JOB:-p$PARALLEL_SEQ}"
                """.formatted(scratch));
    }

    private byte[] got(long job) throws IOException {
        return Files.readAllBytes(scratch.resolve("got").resolve(Long.toString(job)));
    }

    private static byte[] nulEnded(byte[]... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] item : items) {
            out.writeBytes(item);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String od(byte[] bytes) throws Exception {
        Process od = new ProcessBuilder("od", "-An", "-tx1").start();
        od.getOutputStream().write(bytes);
        od.getOutputStream().close();
        String dump = new String(od.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        od.waitFor();
        return dump;
    }

    @ParameterizedTest(name = "over SSH: {0}")
    @ValueSource(booleans = {false, true})
    void anUnclosedQuoteAtLine500Of1000FailsToBuildAndTheOther999Run(boolean overSsh) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) lines.add(i == 500 ? "Don't Stop.mp3" : "track-" + i + ".mp3");

        CliResult result = cli(overSsh, "--quiet", "true").stdinLines(lines).run(ofSeconds(240));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("1000 jobs, 999 ok, 1 failed, 0 timeouts, 0 pending")
                .contains("job 500 failed to build: input line 500: the single quote at column 4 is never closed");
        Path session = new SessionFiles(sessions).directory(1);
        String journal = Files.readString(session.resolve("journal"));
        assertThat(journal.lines().filter(l -> l.contains(" END ") && l.contains(" EXIT=0 final "))).hasSize(999);
        assertThat(journal).containsPattern(" INVALID 500 \\d+ input line 500: the single quote");
        assertThat(Files.readAllLines(session.resolve("failed"))).containsExactly(
                "# job 500 failed to build: input line 500: the single quote at column 4 is never closed; close it or"
                        + " escape it with a backslash", "Don't Stop.mp3");
        assertThat(new SessionFiles(sessions).jobs(1).get(499).state()).isEqualTo("INVALID");

        CliResult resumed = cli(false, "--resume", "1").run(ofSeconds(60));

        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(1);
        assertThat(resumed.stdout() + resumed.stderr()).contains("session 1 finished: 1000 jobs, 999 ok, 1 failed")
                .contains("job 500 failed to build: input line 500: the single quote");
        assertThat(Files.readString(session.resolve("journal")).lines().filter(l -> l.contains(" START "))).hasSize(999);

        CliResult report = cloudtask(sessions, scratch).args("report", "1").run(ofSeconds(60));

        assertThat(report.stdout()).as(report.toString()).contains("failures (1)")
                .contains("job 500  failed to build  input: Don't Stop.mp3")
                .contains("| input line 500: the single quote at column 4 is never closed");
    }

    @ParameterizedTest(name = "over SSH: {0}")
    @ValueSource(booleans = {false, true})
    void latin1AndBinaryBytesArriveInTheJobUnchangedAndAreKeptExactly(boolean overSsh) throws Exception {
        argumentWriter();
        // why a failure for \xff\xfe: the failed file and the report must keep and show its bytes too
        Path job = new JobScripts(scratch).script("write-and-judge", """
                printf '%%s\\0' "$@" > '%s/got/'"$CLOUDTASK_JOB"
                test "$1" != "$(printf '\\377\\376')"
                """.formatted(scratch));
        byte[] input = latin1("caf\u00e9 na\u00efve.mp3\n\u00ff\u00fe\nplain\n");

        CliResult result = cli(overSsh, job.toString()).stdinBytes(input).run(ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("3 jobs, 2 ok, 1 failed");
        assertThat(od(got(1))).isEqualTo(od(nulEnded(latin1("caf\u00e9"), latin1("na\u00efve.mp3"))));
        assertThat(od(got(2))).isEqualTo(od(nulEnded(latin1("\u00ff\u00fe"))));
        assertThat(result.stdout()).contains("# " + job + " 'caf\\xe9' 'na\\xefve.mp3'")
                .contains("# " + job + " '\\xff\\xfe'");
        Path session = new SessionFiles(sessions).directory(1);
        assertThat(Files.readAllBytes(session.resolve("inputs"))).isEqualTo(input);
        assertThat(Files.readAllBytes(session.resolve("failed"))).isEqualTo(latin1("\u00ff\u00fe\n"));
        assertThat(new String(Files.readAllBytes(session.resolve("jobs")), StandardCharsets.ISO_8859_1))
                .contains("\t" + job + " '\u00ff\u00fe'\n");
        assertThat(Files.readString(session.resolve("log"))).contains("'\\xff\\xfe'");

        CliResult report = cloudtask(sessions, scratch).args("report", "1").run(ofSeconds(60));
        assertThat(report.stdout()).as(report.toString()).contains("input: \\xff\\xfe");
    }

    @ParameterizedTest(name = "over SSH: {0}")
    @ValueSource(booleans = {false, true})
    void aFindPrint0ListWithNewlinesAndApostrophesInNamesRunsOneJobPerFile(boolean overSsh) throws Exception {
        Path tree = Files.createDirectories(scratch.resolve("tree"));
        List<String> names = List.of("Don't Stop.mp3", "two\nlines.txt", "  spaced  ", "back\\slash\ttab", "#hash",
                "$(id)");
        for (String name : names) Files.writeString(tree.resolve(name), name);
        Process find = new ProcessBuilder("find", tree.toString(), "-type", "f", "-print0").start();
        byte[] list = find.getInputStream().readAllBytes();
        find.waitFor();
        // why a failure the first time: --retry then reads the job back from the session's NUL-separated files
        Path job = new JobScripts(scratch).script("read-file", """
                cat "$1" > '%s/got-'"$CLOUDTASK_JOB"
                case "$1" in *two*) test -e '%s/allow' ;; esac
                """.formatted(scratch, scratch));

        CliResult result = cli(overSsh, "-0", job.toString()).stdinBytes(list).run(ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains(names.size() + " jobs, " + (names.size() - 1) + " ok, 1 failed");
        List<String> read = new ArrayList<>();
        for (int i = 1; i <= names.size(); i++) read.add(Files.readString(scratch.resolve("got-" + i)));
        assertThat(read).containsExactlyInAnyOrderElementsOf(names);
        Path session = new SessionFiles(sessions).directory(1);
        assertThat(Files.readAllBytes(session.resolve("inputs"))).isEqualTo(list);
        assertThat(Files.readString(session.resolve("settings"))).contains("inputMode=null");
        assertThat(Files.readString(session.resolve("failed"))).isEqualTo(tree.resolve("two\nlines.txt") + "\0");

        Files.createFile(scratch.resolve("allow"));
        CliResult retried = cli(overSsh, "--retry", "1").run(ofSeconds(120));

        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(retried.stdout()).contains(names.size() + " jobs, " + names.size() + " ok");
        assertThat(Files.readString(session.resolve("failed"))).isEmpty();
    }

    @Test
    void lineModeMakesEachLineOneArgumentExactlyAsItIs() throws Exception {
        Path job = argumentWriter();
        String input = "back\\slash\n\ttab and  spaces\nDon't Stop.mp3\n   \n\n# not a comment\n";

        CliResult result = cli(false, "-d", "\\n", job.toString()).stdinText(input).run(ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("5 jobs, 5 ok");
        assertThat(got(1)).isEqualTo(nulEnded(latin1("back\\slash")));
        assertThat(got(2)).isEqualTo(nulEnded(latin1("\ttab and  spaces")));
        assertThat(got(3)).isEqualTo(nulEnded(latin1("Don't Stop.mp3")));
        assertThat(got(4)).as("a line of spaces is one argument").isEqualTo(nulEnded(latin1("   ")));
        assertThat(got(5)).as("the empty line is skipped").isEqualTo(nulEnded(latin1("# not a comment")));
    }

    @Test
    void wordModeStaysTheDefaultAndSkipsBlankLines() throws Exception {
        Path job = argumentWriter();

        CliResult result = cli(false, job.toString()).stdinText("'a b' c\n   \n").run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("1 job, 1 ok");
        assertThat(got(1)).isEqualTo(nulEnded(latin1("a b"), latin1("c")));
    }

    /** The same inputs through GNU parallel and through cloudtask: the jobs get the same words. */
    @Test
    void jobsGetTheSameWordsAsGnuParallelGives() throws Exception {
        Path job = argumentWriter();
        byte[] lines = latin1("plain\nwith  two  spaces\nDon't \"quote\"\nback\\slash\ttab\n$HOME `id` *\n"
                + "caf\u00e9\n\u00ff\u00fe\n#hash\n   \n");
        byte[] items = nulEnded(latin1("multi\nline"), latin1("it's"), latin1(" lead"), latin1("caf\u00e9"));

        for (String[] mode : new String[][] {{"-d", "\\n"}, {"-0"}}) {
            byte[] input = mode.length == 2 ? lines : items;
            Path stdin = Files.write(scratch.resolve("in" + mode.length), input);
            Files.createDirectories(scratch.resolve("got"));
            try (Stream<Path> old = Files.list(scratch.resolve("got"))) {
                for (Path f : old.toList()) Files.delete(f);
            }
            List<String> parallel = new ArrayList<>(List.of("parallel", "--will-cite", "-j1"));
            if (mode.length == 1) parallel.add("-0");
            parallel.add(job.toString());
            Process p = new ProcessBuilder(parallel).redirectInput(stdin.toFile()).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(said).isZero();

            CliResult result = cli(false, mode).args(job.toString()).stdinBytes(input).run(ofSeconds(120));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            long jobs = mode.length == 2 ? 9 : 4;
            assertThat(result.stdout()).contains(jobs + " jobs, " + jobs + " ok");
            for (long id = 1; id <= jobs; id++) {
                assertThat(od(got(id))).as(String.join(" ", mode) + " job " + id)
                        .isEqualTo(od(Files.readAllBytes(scratch.resolve("got").resolve("p" + id))));
            }
        }
    }
}
