package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LocalEngineTest {

    @TempDir
    Path sessions;
    @TempDir
    Path work;
    private final RecordingEvents events = new RecordingEvents();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).events(events).build();
    }

    @Test
    void twoHundredJobsWithSplitEightAreEachRecordedExactlyOnce() throws IOException {
        Summary summary = task().run(new TaskSettings().command("echo").split(8), Inputs.seq(1, 200));

        assertThat(summary.total()).isEqualTo(200);
        assertThat(summary.ok()).isEqualTo(200);
        Path session = sessions.resolve("1");
        assertThat(Journals.finalResultsPerJob(session)).hasSize(200).allSatisfy((job, n) -> assertThat(n).isOne());
        assertThat(Journals.attempts(session)).hasSize(200);
        assertThat(Journals.attempts(session).stream().map(AttemptRecord::worker).distinct().count()).isGreaterThan(1);
        List<String> jobs = Files.readAllLines(session.resolve("jobs"));
        assertThat(jobs).hasSize(200).allMatch(l -> l.startsWith("EXIT=0  \techo "));
        assertThat(jobs.get(199)).isEqualTo("EXIT=0  \techo 200");
        for (AttemptRecord a : Journals.attempts(session)) {
            assertThat(Journals.output(session, a)).isEqualTo(a.job() + "\n");
        }
    }

    @Test
    void sessionFilesArePrivateAndTheLogHasWhatTheConsoleShowed() throws IOException {
        Path dir = sessions.resolve("new/sessions");
        CloudTask.builder().sessionsDirectory(dir).events(events).build()
                .run(new TaskSettings().command("echo"), Inputs.seq(1, 3));
        Path session = dir.resolve("1");
        assertThat(perms(dir)).isEqualTo("rwx------");
        assertThat(perms(session)).isEqualTo("rwx------");
        for (String f : List.of("settings", "journal", "jobs", "log", "inputs", "index", "lock")) {
            assertThat(perms(session.resolve(f))).as(f).isEqualTo("rw-------");
        }
        assertThat(Files.readAllLines(session.resolve("log"))).isEqualTo(events.lines());
        assertThat(events.lines().get(events.lines().size() - 1))
                .matches("session 1 done \\(\\d+ s\\): 3 jobs, 3 ok, 0 failed, 0 timeouts, 0 pending");
    }

    private static String perms(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void timedOutJobLeavesNoProcessBehind() throws IOException {
        Path pids = work.resolve("pids");
        String job = "sleep 300 & echo $! >> " + pids + "; sleep 300";
        Summary summary = task().run(new TaskSettings().timeout(Duration.ofSeconds(1)).killGrace(Duration.ofSeconds(1)),
                Inputs.lines(job));

        assertThat(summary.timeouts()).isEqualTo(1);
        assertThat(events.lines()).contains("local-1: timeout # " + job);
        long child = Long.parseLong(Files.readString(pids).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThat(Files.readAllLines(sessions.resolve("1/jobs"))).containsExactly("TIMEOUT \t" + job);
    }

    @Test
    void jobThatIgnoresTermIsKilledAfterTheGrace() throws IOException {
        Path pids = work.resolve("pids");
        String job = "trap '' TERM; echo $$ > " + pids + "; while :; do sleep 1; done";
        Summary summary = task().run(new TaskSettings().timeout(Duration.ofSeconds(1)).killGrace(Duration.ofMillis(500)),
                Inputs.lines(job));
        assertThat(summary.timeouts()).isEqualTo(1);
        long shell = Long.parseLong(Files.readString(pids).strip());
        assertThat(ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void failedJobIsRetriedAndTheLastAttemptCounts() throws IOException {
        Path marker = work.resolve("marker");
        String job = "test -e " + marker + " || { touch " + marker + "; exit 3; }";
        Summary summary = task().run(new TaskSettings().retries(2), Inputs.lines(job, "false"));

        assertThat(events.lines()).contains("local-1: exit 3, will retry (1 of 2) # " + job, "local-1: exit 0 # " + job,
                "local-1: exit 1, will retry (1 of 2) # false", "local-1: exit 1, will retry (2 of 2) # false",
                "local-1: exit 1 # false");
        assertThat(summary.ok()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(Journals.attemptsPerJob(sessions.resolve("1"))).isEqualTo(Map.of(1L, 2L, 2L, 3L));
        assertThat(Files.readAllLines(sessions.resolve("1/jobs"))).containsExactly("EXIT=0  \t" + job, "EXIT=1  \tfalse");
    }

    @Test
    void jobGetsEmptyStdinTheControllersEnvironmentAndWhatTheEngineGives() throws IOException {
        Summary summary = task().run(new TaskSettings().command("sh -c").jobEnvironment(Map.of("MY_SETTING", "x y")),
                Inputs.lines("'cat; env'"));
        assertThat(summary.ok()).isEqualTo(1);
        Path session = sessions.resolve("1");
        String out = Journals.output(session, Journals.attempts(session).get(0));
        Set<String> names = Arrays.stream(out.split("\n")).filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
        // why only shell names: sh passes on only variables whose names it could set (no BASH_FUNC_x%%)
        Set<String> expected = System.getenv().keySet().stream().filter(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*"))
                .collect(Collectors.toCollection(java.util.HashSet::new));
        expected.removeAll(org.cloudtask.core.local.JobEnvironment.SECRETS);
        expected.addAll(Set.of("CLOUDTASK_SESSION", "CLOUDTASK_JOB", "CLOUDTASK_ATTEMPT", "CLOUDTASK_WORKER",
                "MY_SETTING"));
        assertThat(names).containsAll(expected);
        assertThat(names).isSubsetOf(union(expected, Set.of("PWD", "OLDPWD", "SHLVL", "_")));
        assertThat(out).contains("CLOUDTASK_SESSION=1\n", "CLOUDTASK_JOB=1\n", "CLOUDTASK_ATTEMPT=1\n",
                "CLOUDTASK_WORKER=local-1\n", "MY_SETTING=x y\n");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void hostileInputLinesArePassedAsLiteralWords() throws IOException {
        Path victim = work.resolve("victim");
        task().run(new TaskSettings().command("printf '[%s]'"),
                Inputs.lines("x; touch " + victim, "$(touch " + victim + ")", "`touch " + victim + "`"));
        Path session = sessions.resolve("1");
        List<String> outputs = Journals.attempts(session).stream().sorted((a, b) -> Long.compare(a.job(), b.job()))
                .map(a -> Journals.output(session, a)).toList();
        assertThat(outputs).containsExactly("[x;][touch][" + victim + "]", "[$(touch][" + victim + ")]",
                "[`touch][" + victim + "`]");
        assertThat(victim).doesNotExist();
    }

    @Test
    void aOneMegabyteInputLineRunsAsOneJob() throws IOException {
        String word = "w".repeat(1024 * 1024);
        Summary summary = task().run(new TaskSettings().command("printf %s"), Inputs.lines(word));
        assertThat(summary.ok()).isEqualTo(1);
        Path session = sessions.resolve("1");
        assertThat(Journals.attempts(session).get(0).length()).isEqualTo(word.length());
    }

    @Test
    void firstJobStartsBeforeTheInputEnds() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(feed);
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> task.run(new TaskSettings().command("echo"), input));
        feed.write("first\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> events.finished().size() == 1);
        feed.write("second\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        assertThat(run.get().total()).isEqualTo(2);
    }

    @Test
    void abortThenResumeFinishesTheRestWithoutRerunningFinishedJobs() throws Exception {
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().command("sleep").split(2), slowAfterFour()));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.finished().size() >= 4 && events.started().size() >= 6);
        task.abort();
        Summary aborted = run.get();
        assertThat(aborted.aborted()).isTrue();
        assertThat(aborted.pending()).isPositive();
        Path session = sessions.resolve("1");
        Set<Long> doneBefore = Journals.finalResultsPerJob(session).keySet();
        assertThat(Journals.attempts(session)).anyMatch(a -> a.result().equals("ABORTED"));
        assertThat(Files.readAllLines(session.resolve("jobs"))).anyMatch(l -> l.startsWith("PENDING "));

        Summary resumed = task().resume(1, s -> s.split(8));

        assertThat(resumed.aborted()).isFalse();
        assertThat(resumed.ok()).isEqualTo(30);
        assertThat(resumed.pending()).isZero();
        assertThat(Journals.finalResultsPerJob(session)).hasSize(30).allSatisfy((job, n) -> assertThat(n).isOne());
        Map<Long, Long> attempts = Journals.attemptsPerJob(session);
        for (long job : doneBefore) assertThat(attempts.get(job)).as("job " + job).isOne();
        assertThat(Files.readAllLines(session.resolve("jobs"))).allMatch(l -> l.startsWith("EXIT=0  "));
    }

    @Test
    void aSecondAbortSkipsTheKillGrace() throws Exception {
        Path pids = work.resolve("pids");
        String job = "trap '' TERM; echo $$ > " + pids + "; while :; do sleep 1; done";
        CloudTask task = task();
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() ->
                task.run(new TaskSettings().killGrace(Duration.ofMinutes(10)), Inputs.lines(job)));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pids) && Files.size(pids) > 0);
        task.abort();
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(run).isNotDone();

        task.abort();

        Summary summary = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.pending()).isEqualTo(1);
        long shell = Long.parseLong(Files.readString(pids).strip());
        assertThat(ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** Four quick jobs, then 26 that take long enough (1 s) to be running when the test aborts. */
    private static java.io.InputStream slowAfterFour() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) lines.add(i <= 4 ? "0.05" : "1");
        return Inputs.lines(lines.toArray(new String[0]));
    }

    @Test
    void resumingAFinishedSessionSaysSoWithExitZero() {
        task().run(new TaskSettings().command("echo"), Inputs.seq(1, 2));
        assertThatThrownBy(() -> task().resume(1, s -> s))
                .isInstanceOf(CloudTaskException.class)
                .hasMessage("session 1 finished")
                .satisfies(e -> assertThat(((CloudTaskException) e).exitCode()).isZero());
    }

    @Test
    void retryRunsFailedAndTimedOutJobsAgain() throws IOException {
        Path marker = work.resolve("marker");
        String job = "test -e " + marker;
        Summary first = task().run(new TaskSettings(), Inputs.lines(job, "true"));
        assertThat(first.failed()).isEqualTo(1);
        Files.createFile(marker);

        Summary retried = task().retry(1, s -> s);

        assertThat(retried.ok()).isEqualTo(2);
        assertThat(Journals.attemptsPerJob(sessions.resolve("1"))).isEqualTo(Map.of(1L, 2L, 2L, 1L));
        assertThatThrownBy(() -> task().retry(1, s -> s)).hasMessage("session 1 finished: no failed or timed-out jobs to retry");
    }

    @Test
    void resumingAnUnknownSessionIsAUserError() {
        assertThatThrownBy(() -> task().resume(42, s -> s))
                .isInstanceOf(CloudTaskException.class)
                .hasMessageStartingWith("there is no session 42 in ")
                .satisfies(e -> assertThat(((CloudTaskException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void inputWithoutJobsCreatesNoSession() throws IOException {
        assertThatThrownBy(() -> task().run(new TaskSettings().command("echo"), Inputs.lines("# nothing", "")))
                .hasMessage("no jobs: the input has no job lines");
        assertThat(Files.list(sessions)).isEmpty();
    }

    @Test
    void aLineThatCannotBecomeAJobFailsToBuildAndEveryOtherLineRuns() throws IOException {
        List<String> events = new ArrayList<>();
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).events(new TaskEvents() {
            @Override
            public void log(String line) {
                events.add(line);
            }
        }).build();
        byte[] input = "1\n2\nDon't\n4\na\0b\n\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);

        Summary summary = task.run(new TaskSettings().command("echo"), new ByteArrayInputStream(input));

        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.ok()).isEqualTo(4);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(events).contains("job 3 failed to build: input line 3: the single quote at column 4 is never closed;"
                + " close it or escape it with a backslash");
        assertThat(events).anyMatch(l -> l.startsWith("job 5 failed to build: input line 5: contains a NUL byte"));
        assertThat(Files.readAllLines(sessions.resolve("1/jobs"), StandardCharsets.ISO_8859_1)).hasSize(6)
                .filteredOn(l -> l.startsWith("INVALID \t# failed to build: input line ")).hasSize(2);
        assertThat(Files.readAllBytes(sessions.resolve("1/failed")))
                .isEqualTo(("# job 3 failed to build: input line 3: the single quote at column 4 is never closed; close it or"
                        + " escape it with a backslash\nDon't\n# job 5 failed to build: input line 5: contains a NUL byte at"
                        + " character 2, which no argument can hold; remove NUL bytes (tr -d '\\000'), or give -0 if the"
                        + " input is NUL-separated\na\0b\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> task().resume(1, s -> s))
                .hasMessageStartingWith("session 1 finished: 6 jobs, 4 ok, 2 failed, 0 timeouts; job 3 failed to build")
                .satisfies(e -> assertThat(((CloudTaskException) e).exitCode()).isEqualTo(1));
        assertThatThrownBy(() -> task().retry(1, s -> s))
                .hasMessageStartingWith("session 1 finished: its failed jobs failed to build and cannot be retried")
                .satisfies(e -> assertThat(((CloudTaskException) e).exitCode()).isEqualTo(1));
        assertThat(Journals.attemptsPerJob(sessions.resolve("1"))).containsOnlyKeys(1L, 2L, 4L, 6L);
    }

    @Test
    void resumingAFinishedSessionOfOneTimedOutJobSaysOneJobAndOneTimeout() {
        task().run(new TaskSettings().command("sleep").timeout(Duration.ofMillis(200)), Inputs.lines("30"));

        assertThatThrownBy(() -> task().resume(1, s -> s))
                .hasMessage("session 1 finished: 1 job, 0 ok, 0 failed, 1 timeout")
                .satisfies(e -> assertThat(((CloudTaskException) e).exitCode()).isEqualTo(1));
    }

    @Test
    void haltCountsAJobThatFailedToBuildAsAFailure() {
        // why: as in GNU parallel, --halt fail=N counts every failed job; one whose line cannot be a job is one
        Summary summary = task().run(new TaskSettings().command("echo").halt(HaltPolicy.parse("soon,fail=1", 20)),
                Inputs.lines("Don't", "2", "3", "4"));

        assertThat(summary.stopReason()).startsWith("halted by --halt soon,fail=1: 1 of the 1 jobs");
        assertThat(summary.total()).isEqualTo(4);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.ok() + summary.pending()).isEqualTo(3);
        assertThat(summary.pending()).isPositive();
        assertThat(summary.exitCode()).isEqualTo(1);
    }

    @Test
    void aResumeNeverReportsSuccessWhileInputLinesAreMissing() {
        java.io.InputStream breaksAfterTwoLines = new java.io.SequenceInputStream(
                new ByteArrayInputStream("1\n2\n".getBytes(StandardCharsets.US_ASCII)), new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the pipe broke");
                    }
                });
        assertThatThrownBy(() -> task().run(new TaskSettings().command("echo"), breaksAfterTwoLines))
                .hasMessageContaining("the pipe broke");

        Summary resumed = task().resume(1, s -> s);

        assertThat(resumed.pending()).isZero();
        assertThat(resumed.ok()).isEqualTo(resumed.total());
        assertThat(resumed.inputIncomplete()).isTrue();
        assertThat(resumed.exitCode()).isEqualTo(1);
        assertThatThrownBy(() -> task().resume(1, s -> s))
                .hasMessageContaining("the input of session 1 was not read to its end")
                .satisfies(e -> assertThat(((CloudTaskException) e).exitCode()).isEqualTo(1));
    }

    @Test
    void jobLogHasGnuParallelColumns() throws IOException {
        Path jobLog = work.resolve("joblog");
        task().run(new TaskSettings().command("sh -c").jobLog(jobLog), Inputs.lines("'echo hi'", "'exit 4'"));
        List<String> lines = Files.readAllLines(jobLog);
        assertThat(lines.get(0)).isEqualTo("Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand");
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) rows.add(l.split("\t"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("1", ":", rows.get(0)[2], rows.get(0)[3], "0", "3", "0", "0",
                "sh -c 'echo hi'");
        assertThat(rows.get(0)[2]).matches("\\d+\\.\\d{3}");
        assertThat(rows.get(1)[6]).isEqualTo("4");
    }

    @Test
    void duplicateInputLinesAreSeparateJobs() {
        Summary summary = task().run(new TaskSettings().command("echo"), Inputs.lines("a", "a", "a"));
        assertThat(summary.total()).isEqualTo(3);
        assertThat(Journals.finalResultsPerJob(sessions.resolve("1")).keySet())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 3).boxed().toList());
    }
}
