package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How jobs run on a real OpenSSH worker, through one connection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunnerEndToEndTest {

    @TempDir
    static Path temp;

    static OpenSshServer worker;
    static WorkerConnection connection;

    @BeforeAll
    static void connect() throws Exception {
        worker = OpenSshServer.start("127.0.0.60");
        SshSettings settings = SshSettings.builder().user(worker.user()).identityFile(worker.clientKey())
                .agentSocket(null).knownHosts(java.util.List.of(worker.writeKnownHosts(temp.resolve("known_hosts"))))
                .build();
        connection = SshTransport.create(settings).connect(worker.workerAddress());
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    private static ExitStatus run(String command, Map<String, String> env, CollectingSink sink) throws Exception {
        RunningCommand running = connection.start(new CommandRequest(command, env, "test"), sink);
        return running.await(Duration.ofSeconds(30)).orElseThrow();
    }

    @Test
    void reportsOutputAndExitCode() throws Exception {
        CollectingSink sink = new CollectingSink();
        assertThat(run("echo out; echo err >&2; exit 3", Map.of(), sink)).isEqualTo(ExitStatus.exited(3));
        assertThat(sink.text()).isEqualTo("out\nerr\n");
    }

    @Test
    void reportsTheSignalThatEndedTheCommand() throws Exception {
        assertThat(run("kill -KILL $$", Map.of(), new CollectingSink())).isEqualTo(ExitStatus.killedBy("KILL", 9));
    }

    @Test
    void runsInTheHomeDirectoryWithACleanEnvironmentAndEmptyStdin() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("pwd; env | sort; wc -c", Map.of("JOB", "7", "SPACED", "a b=c"), sink);
        String home = System.getProperty("user.home");
        assertThat(sink.text().lines()).startsWith(home).contains("JOB=7", "SPACED=a b=c", "HOME=" + home, "0")
                .noneMatch(line -> line.startsWith("SSH_") || line.startsWith("MAIL="));
    }

    @Test
    void deliversExactBytesIncludingThingsThatLookLikeFrames() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("printf 'X\\000\\000\\000\\001\\000\\000\\000\\006exit 0'; head -c 300000 /dev/zero | tr '\\0' 'z'",
                Map.of(), sink);
        byte[] bytes = sink.bytes();
        assertThat(bytes).hasSize(15 + 300000);
        assertThat(new String(bytes, 0, 15, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("X\0\0\0\1\0\0\0\6exit 0");
    }

    @Test
    void runsEachJobInAProcessGroupOfItsOwn() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("ps -o pid=,pgid= -p $$", Map.of(), sink);
        String[] fields = sink.text().strip().split("\\s+");
        assertThat(fields[0]).isEqualTo(fields[1]);
    }

    @Test
    void aSpareForkedAheadRunsTheNextJobInAGroupOfItsOwnWithACleanEnvironment() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestWorkers.spares(worker).isEmpty());
        List<Long> spares = TestWorkers.spares(worker);
        CollectingSink sink = new CollectingSink();

        run("echo $$; ps -o pgid= -p $$; pwd; env | sort; wc -c", Map.of("JOB", "7"), sink);

        List<String> lines = sink.text().lines().map(String::strip).toList();
        assertThat(Long.parseLong(lines.get(0))).as("the job's pid was a spare's").isIn(spares);
        assertThat(lines.get(1)).isEqualTo(lines.get(0));
        assertThat(lines.get(2)).isEqualTo(System.getProperty("user.home"));
        assertThat(lines).contains("JOB=7", "0").noneMatch(line -> line.startsWith("SSH_"));
    }

    @Test
    void variablesReachAJobExactlyWhateverTheyHold() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestWorkers.spares(worker).isEmpty());
        String awkward = "it's \"quoted\" $HOME `x` \\ ;\nsecond line";
        CollectingSink sink = new CollectingSink();

        run("printf '%s|%s' \"$AWKWARD\" \"$EMPTY\"", Map.of("AWKWARD", awkward, "EMPTY", ""), sink);

        assertThat(sink.text()).isEqualTo(awkward + "|");
    }

    @Test
    void aCommandTooLongForASparesPipeRunsAsShC() throws Exception {
        String filler = "x".repeat(8000);
        CollectingSink sink = new CollectingSink();

        ExitStatus status = run(": " + filler + "; echo $0 $#; echo \"$JOB\"; nosuchcommand", Map.of("JOB", "8"), sink);

        assertThat(status.code()).isEqualTo(127);
        assertThat(sink.text()).startsWith("sh 0\n8\n").contains("nosuchcommand: not found");
    }

    @Test
    void answersPings() throws IOException, InterruptedException {
        connection.ping(Duration.ofSeconds(5));
    }

    // ---- kills (issue 14 items 2 and 7): through the runner, the whole process tree, the job ends within its grace

    private static RunningCommand startReady(String command, CollectingSink sink) throws Exception {
        RunningCommand running = connection.start(new CommandRequest(command, Map.of(), "test"), sink);
        // why: the job prints once everything it starts is in place
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.text().endsWith("ready\n"));
        return running;
    }

    private static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    @Test
    void aJobThatObeysTermEndsAtOnceAfterTheKill() throws Exception {
        RunningCommand job = startReady("echo ready; sleep 100", new CollectingSink());

        long before = System.nanoTime();
        job.kill(Duration.ofSeconds(10));
        Optional<ExitStatus> status = job.await(Duration.ofSeconds(10));

        assertThat(status).contains(ExitStatus.killedBy("TERM", 15));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aStrayThatLeftTheJobsProcessGroupDiesWithItAndTheJobEndsWithinItsGrace() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand job = startReady("setsid sleep 40 & echo $!; echo ready; sleep 100", sink);
        long stray = Long.parseLong(sink.text().lines().findFirst().orElseThrow().strip());
        assertThat(alive(stray)).isTrue();

        long before = System.nanoTime();
        job.kill(Duration.ofSeconds(2));
        Optional<ExitStatus> status = job.await(Duration.ofSeconds(10));

        assertThat(status).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(stray));
    }

    @Test
    void aDaemonThatDoubleForkedBeforeTheKillEscapesItButTheJobStillEndsWithinItsGrace() throws Exception {
        CollectingSink sink = new CollectingSink();
        // the daemon's parent exits at once, so it is no longer in the job's tree; it keeps the output open
        RunningCommand job = startReady("(setsid sh -c 'trap \"\" TERM; sleep 40' & echo $!); echo ready; "
                + "trap '' TERM; sleep 100", sink);
        long daemon = Long.parseLong(sink.text().lines().findFirst().orElseThrow().strip());
        try {
            long before = System.nanoTime();
            job.kill(Duration.ofSeconds(1));
            Optional<ExitStatus> status = job.await(Duration.ofSeconds(10));

            assertThat(status).contains(ExitStatus.killedBy("KILL", 9));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
            assertThat(alive(daemon)).as("what escapes a kill, as docs/workers.md says").isTrue();
        } finally {
            new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        }
    }
}
