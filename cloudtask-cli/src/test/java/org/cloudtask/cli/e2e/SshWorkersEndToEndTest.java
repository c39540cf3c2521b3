package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.ssh.testing.BlackholeProxy;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real bin/cloudtask running jobs on real OpenSSH workers (127.0.0.70-79). */
@Timeout(240)
class SshWorkersEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private final List<OpenSshServer> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws IOException {
        for (OpenSshServer worker : workers) {
            worker.thaw();
            worker.close();
        }
    }

    private List<OpenSshServer> startWorkers(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            workers.add(OpenSshServer.start("127.0.0." + (70 + workers.size())));
        }
        return workers;
    }

    /** A known_hosts file with the workers' keys as they are at the first call. */
    private Path knownHosts() throws IOException {
        Path file = scratch.resolve("known_hosts");
        if (Files.exists(file)) {
            return file;
        }
        StringBuilder lines = new StringBuilder();
        for (OpenSshServer worker : workers) {
            lines.append(worker.knownHostsLine()).append('\n');
        }
        return Files.writeString(file, lines.toString());
    }

    private static String address(String slots, OpenSshServer worker) {
        return slots + worker.user() + "@" + worker.host() + ":" + worker.port();
    }

    private CliProcess cli(String workerList, String... more) throws IOException {
        CliProcess cli = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "")
                .args("--workers", workerList, "--ssh-identity", workers.get(0).clientKey().toString(),
                        "--known-hosts", knownHosts().toString());
        for (OpenSshServer worker : workers.subList(1, workers.size())) {
            cli.args("--ssh-identity", worker.clientKey().toString());
        }
        return cli.args(more);
    }

    private static List<String> numbers(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList();
    }

    @Test
    void faqExampleRunsOverTwoWorkers() throws Exception {
        startWorkers(2);
        String list = address("", workers.get(0)) + "," + address("", workers.get(1));

        CliResult result = cli(list, "echo").stdinLines(numbers(3)).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(jobs()).containsExactly("EXIT=0 echo 1", "EXIT=0 echo 2", "EXIT=0 echo 3");
        assertThat(result.stdoutLines()).filteredOn(line -> line.contains(": exit 0 # echo ")).hasSize(3)
                .allMatch(line -> line.startsWith("127.0.0.70:") || line.startsWith("127.0.0.71:"));
    }

    @Test
    void fiveHundredJobsRunOnThreeWorkersWithTwoSlotsEach() throws Exception {
        startWorkers(3);
        String list = String.join("\n", workers.stream().map(w -> address("2/", w)).toList());
        Path workerFile = Files.writeString(scratch.resolve("workers"), "# three\n" + list + "\n");

        CliResult result = cli(workerFile.toString(), "echo").stdinLines(numbers(500)).run(ofSeconds(180));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(jobs()).hasSize(500).allMatch(job -> job.startsWith("EXIT=0 "));
        for (OpenSshServer worker : workers) {
            assertThat(result.stdout()).contains(worker.host() + ":" + worker.port() + ": exit 0 # echo");
            assertThat(worker.log().lines().filter(l -> l.contains("Accepted publickey"))).hasSize(1);
        }
    }

    @Test
    void timeoutKillsTheWholeRemoteProcessTree() throws Exception {
        startWorkers(1);
        String marker = Long.toString(6000 + ProcessHandle.current().pid() % 1000);

        CliResult result = cli(address("", workers.get(0)), "--timeout", "1", "--kill-grace", "1")
                .stdinLines(List.of("sleep " + marker + " & sleep " + marker)).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(jobs()).containsExactly("TIMEOUT sleep " + marker + " & sleep " + marker);
        await().atMost(ofSeconds(10)).until(() -> !anyProcessMatches("sleep " + marker));
    }

    @Test
    void sigtermToTheControllerLeavesNoRemoteProcess() throws Exception {
        startWorkers(2);
        String marker = Long.toString(7000 + ProcessHandle.current().pid() % 1000);
        String list = address("2/", workers.get(0)) + " " + address("2/", workers.get(1));

        try (RunningCli running = cli(list).stdinLines(List.of("sleep " + marker + " & sleep " + marker,
                "sleep " + marker, "sleep " + marker, "sleep " + marker)).start()) {
            await().atMost(ofSeconds(30)).until(() -> countProcesses("sleep " + marker) >= 5);
            running.signal("TERM");
            CliResult result = running.awaitExit(ofSeconds(60));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
        }
        await().atMost(ofSeconds(15)).until(() -> !anyProcessMatches("sleep " + marker));
    }

    @Test
    void workerWithAFailingPreIsDroppedAndTheOthersDoTheWork() throws Exception {
        startWorkers(2);
        String list = address("", workers.get(0)) + "," + address("", workers.get(1));
        // why jobs of 0.5 s: the second worker must join (and fail its --pre) while work is left; once none is,
        // a worker still connecting is abandoned rather than set up
        CliResult result = cli(list, "--pre", "case \"$CLOUDTASK_WORKER\" in *:" + workers.get(1).port()
                + ") echo no way; exit 3;; esac", "sh", "-c", "sleep 0.5", "job").stdinLines(numbers(10))
                .run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(jobs()).hasSize(10).allMatch(job -> job.startsWith("EXIT=0 "));
        assertThat(result.stdout()).contains("127.0.0.71:" + workers.get(1).port() + ": dropped")
                .doesNotContain("127.0.0.71:" + workers.get(1).port() + ": exit 0");
    }

    @Test
    void overlayIsCopiedBeforeThePreCommand() throws Exception {
        startWorkers(1);
        Path landing = Path.of("/tmp", "cloudtask-cli-overlay-" + System.nanoTime());
        Path overlay = scratch.resolve("overlay");
        Path tool = overlay.resolve(landing.toString().substring(1)).resolve("tool.sh");
        Files.createDirectories(tool.getParent());
        Files.writeString(tool, "#!/bin/sh\necho tool \"$@\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            CliResult result = cli(address("", workers.get(0)), "--overlay", overlay.toString(),
                    "--pre", landing + "/tool.sh pre", landing + "/tool.sh").stdinLines(List.of("a"))
                    .run(ofSeconds(60));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(jobs()).containsExactly("EXIT=0 " + landing + "/tool.sh a");
        } finally {
            Files.deleteIfExists(landing.resolve("tool.sh"));
            Files.deleteIfExists(landing);
        }
    }

    @Test
    void workersThatRefuseOrChangedTheirHostKeyAreDroppedAndTheTaskFinishesOnTheRest() throws Exception {
        startWorkers(3);
        OpenSshServer stopped = workers.get(1);
        OpenSshServer unknownKey = workers.get(2);
        stopped.stop();
        knownHosts();
        unknownKey.regenerateHostKey();
        String list = String.join(",", workers.stream().map(w -> address("", w)).toList());

        CliResult result = cli(list, "echo").stdinLines(numbers(6)).run(ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(jobs()).hasSize(6).allMatch(job -> job.startsWith("EXIT=0 "));
        assertThat(result.stdout())
                .contains(stopped.host() + ":" + stopped.port() + ": dropped, cannot connect")
                .contains(unknownKey.host() + ":" + unknownKey.port() + ": dropped, refused: HOST KEY OF");
    }

    @Test
    void wrongKeyIsRefusedWithAClearMessage() throws Exception {
        startWorkers(1);
        Path stranger = org.cloudtask.ssh.testing.TestKeys.generate(scratch.resolve("stranger"), "ed25519", "",
                false);

        CliResult result = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "")
                .args("--workers", address("", workers.get(0)), "--ssh-identity", stranger.toString(),
                        "--known-hosts", knownHosts().toString(), "echo").stdinLines(numbers(2)).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("refused our SSH keys (tried " + stranger
                + "): check --user and --ssh-identity");
    }

    @Test
    void frozenWorkerFailsAndItsJobsFinishElsewhere() throws Exception {
        startWorkers(2);
        OpenSshServer frozen = workers.get(1);
        assertJobsFinishElsewhereWhenTheSecondWorkerBreaks(address("", frozen), frozen::freeze);
    }

    @Test
    void workerWhoseSshdIsKilledFailsAndItsJobsFinishElsewhere() throws Exception {
        startWorkers(2);
        OpenSshServer crashed = workers.get(1);
        assertJobsFinishElsewhereWhenTheSecondWorkerBreaks(address("", crashed), crashed::killWithSessions);
    }

    @Test
    void workerBehindANetworkThatDropsEverythingFailsAndItsJobsFinishElsewhere() throws Exception {
        startWorkers(2);
        OpenSshServer cutOff = workers.get(1);
        try (BlackholeProxy network = BlackholeProxy.inFrontOf(cutOff, "127.0.0.79")) {
            WorkerAddress through = network.workerAddress(cutOff.user());
            Files.writeString(knownHosts(), "[" + through.host() + "]:" + through.port() + " "
                    + cutOff.hostPublicKey() + "\n", StandardOpenOption.APPEND);
            assertJobsFinishElsewhereWhenTheSecondWorkerBreaks(through.toString(), network::dropEverything);
        }
    }

    /** Runs 30 short jobs on two workers with 1 s pings, breaks the second once it has run one, and checks the end. */
    private void assertJobsFinishElsewhereWhenTheSecondWorkerBreaks(String second, Fault fault) throws Exception {
        String name = second.substring(second.indexOf('@') + 1);
        try (RunningCli running = cli(address("", workers.get(0)) + "," + second, "--ping-interval", "1",
                "--ping-timeout", "1", "--ping-retries", "2", "sh", "-c", "sleep 0.3; echo $0")
                .stdinLines(numbers(30)).start()) {
            await().atMost(ofSeconds(30)).until(() -> running.stdoutSoFar().contains(name + ": exit 0"));
            fault.inject();
            CliResult result = running.awaitExit(ofSeconds(120));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains(name + ": failed");
        }
        assertThat(jobs()).hasSize(30).allMatch(job -> job.startsWith("EXIT=0 "));
    }

    /** Something that breaks a worker. */
    @FunctionalInterface
    private interface Fault {
        void inject() throws IOException;
    }

    /** The first session's jobs as "STATE command". */
    private List<String> jobs() throws IOException {
        return new SessionFiles(sessions).jobs(1).stream().map(job -> job.state().strip() + " " + job.command())
                .toList();
    }

    private static boolean anyProcessMatches(String pattern) throws IOException, InterruptedException {
        return countProcesses(pattern) > 0;
    }

    private static int countProcesses(String pattern) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-f", "-x", pattern).start();
        if (!pgrep.waitFor(10, TimeUnit.SECONDS)) {
            pgrep.destroyForcibly();
            throw new IOException("pgrep hung");
        }
        return (int) new String(pgrep.getInputStream().readAllBytes()).lines().count();
    }
}
