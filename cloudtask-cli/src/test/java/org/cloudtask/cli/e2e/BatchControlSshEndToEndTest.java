package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.ssh.testing.BlackholeProxy;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batch control over real OpenSSH workers (127.0.1.x): job identity and --env, lost contact. */
@Timeout(240)
class BatchControlSshEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private final List<OpenSshServer> workers = new ArrayList<>();
    private final List<BlackholeProxy> relays = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws IOException {
        for (BlackholeProxy relay : relays) relay.close();
        workers.forEach(OpenSshServer::close);
    }

    private void startWorkers(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            workers.add(OpenSshServer.start("127.0.1." + (10 + workers.size())));
        }
    }

    private CliProcess cli(String... more) throws IOException {
        StringBuilder knownHosts = new StringBuilder();
        List<String> addresses = new ArrayList<>();
        for (OpenSshServer worker : workers) {
            knownHosts.append(worker.knownHostsLine()).append('\n');
            addresses.add(name(worker));
        }
        Path file = Files.writeString(scratch.resolve("known_hosts"), knownHosts);
        CliProcess cli = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "")
                .args("--workers", String.join(",", addresses), "--known-hosts", file.toString());
        for (OpenSshServer worker : workers) cli.args("--ssh-identity", worker.clientKey().toString());
        return cli.args(more);
    }

    private static String name(OpenSshServer worker) {
        return worker.user() + "@" + worker.host() + ":" + worker.port();
    }

    @Test
    void sshJobsSeeTheirIdentityAndOnlyTheVariablesPassedWithEnv() throws Exception {
        startWorkers(1);
        Path job = new JobScripts(scratch).script("identity", """
                echo "$CLOUDTASK_SESSION $CLOUDTASK_JOB $CLOUDTASK_ATTEMPT $CLOUDTASK_WORKER ${API_TOKEN-unset} \
                ${LEAKY-unset}" > '%s/seen-'"$1"
                """.formatted(scratch));

        CliResult result = cli("--env", "API_TOKEN", job.toString()).env("API_TOKEN", "s3cret").env("LEAKY", "leaked")
                .stdinLines(List.of("a", "b")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String worker = workers.get(0).host() + ":" + workers.get(0).port();
        assertThat(Files.readString(scratch.resolve("seen-a")).strip()).matches("1 1 1 .*" + worker + " s3cret unset");
        assertThat(Files.readString(scratch.resolve("seen-b")).strip()).matches("1 2 1 .*" + worker + " s3cret unset");
    }

    @Test
    void jobOfAWorkerWhoseSshdIsKilledMidJobIsLostAndRunsAgainWithoutCountingAsAFailureRetryOrStrike()
            throws Exception {
        startWorkers(2);
        OpenSshServer doomed = workers.get(1);
        Path job = new JobScripts(scratch).script("marked", """
                touch '%s/started-'"$1-$CLOUDTASK_WORKER"
                sleep 2
                """.formatted(scratch));
        List<String> inputs = IntStream.rangeClosed(1, 6).mapToObj(Integer::toString).toList();

        try (RunningCli running = cli("--ping-interval", "1", "--ping-timeout", "1", "--ping-retries", "2",
                "--strikes", "1", "--halt", "fail=1", job.toString()).stdinLines(inputs).start()) {
            await().atMost(ofSeconds(60)).until(() -> startedOn(doomed));
            doomed.killWithSessions();
            CliResult result = running.awaitExit(ofSeconds(120));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("lost, worker failed, will run again")
                    .containsPattern("6 jobs, 6 ok, 0 failed, 0 timeouts, 0 pending, [1-9] attempts? lost with their worker")
                    .doesNotContain("will retry").doesNotContain("retired").doesNotContain("halted");
        }
        String journal = Files.readString(new SessionFiles(sessions).directory(1).resolve("journal"));
        assertThat(journal).containsPattern(" END \\d+ 1 \\d+ LOST again ");
        assertThat(new SessionFiles(sessions).jobs(1)).allMatch(line -> line.state().equals("EXIT=0"));
    }

    private boolean startedOn(OpenSshServer worker) throws IOException {
        try (var files = Files.list(scratch)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("started-")
                    && f.getFileName().toString().endsWith(worker.host() + ":" + worker.port()));
        }
    }

    @Test
    void returnCopiesFilesBackOverTheWorkersConnection() throws Exception {
        startWorkers(1);
        // why a unique directory: the worker's sshd logs in as the test's user, whose home is where jobs run
        String dir = ".cache/cloudtask-return-test-" + java.util.UUID.randomUUID();
        Path home = Path.of(System.getProperty("user.home"));
        try {
            String job = "mkdir -p " + dir + "; echo \"result $0\" > " + dir + "/result.txt";

            CliResult result = cli("--return", dir + "/result.txt", "--return", dir + "/missing", "sh", "-c", job)
                    .stdinLines(List.of("a", "b")).run(ofSeconds(60));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            Path returns = new SessionFiles(sessions).directory(1).resolve("returns");
            assertThat(returns.resolve("1/" + dir + "/result.txt")).hasContent("result a");
            assertThat(returns.resolve("2/" + dir + "/result.txt")).hasContent("result b");
            assertThat(result.stdout()).contains("job 2: --return " + dir + "/missing: no such file on the worker");
        } finally {
            Path made = home.resolve(dir);
            if (Files.exists(made)) {
                try (var files = Files.list(made)) {
                    for (Path f : files.toList()) Files.delete(f);
                }
                Files.delete(made);
            }
        }
    }

    @Test
    void twentyWorkersOnOneSshdWithMaxStartupsTwoAllConnectAndTheTaskCompletes() throws Exception {
        OpenSshServer sshd = OpenSshServer.start("127.0.1.30", 10, "2");
        workers.add(sshd);
        // why relays: sshd listens on at most 16 sockets; 19 relays on other loopback addresses give 20 distinct
        // worker addresses whose handshakes all meet the one sshd and its MaxStartups
        List<WorkerAddress> addresses = new ArrayList<>(List.of(sshd.workerAddress()));
        for (int i = 31; i < 50; i++) {
            BlackholeProxy relay = BlackholeProxy.inFrontOf(sshd, "127.0.1." + i);
            relays.add(relay);
            addresses.add(relay.workerAddress(sshd.user()));
        }
        StringBuilder knownHosts = new StringBuilder();
        for (WorkerAddress a : addresses) {
            knownHosts.append('[').append(a.host()).append("]:").append(a.port()).append(' ')
                    .append(sshd.hostPublicKey()).append('\n');
        }
        Path knownHostsFile = Files.writeString(scratch.resolve("known_hosts"), knownHosts);
        // why 2 s jobs: the run stops connecting once no work is left, and this test wants every worker to join
        String list = String.join(",", addresses.stream().map(WorkerAddress::toString).toList());

        CliResult result = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "")
                .args("--workers", list, "--known-hosts", knownHostsFile.toString(), "--ssh-identity",
                        sshd.clientKey().toString(), "sh", "-c", "sleep 2; echo $0")
                .stdinLines(IntStream.rangeClosed(1, 60).mapToObj(Integer::toString).toList()).run(ofSeconds(180));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).filteredOn(l -> l.endsWith(": joined with 1 slot")).hasSize(20);
        assertThat(result.stdout()).doesNotContain("dropped").contains("60 jobs, 60 ok");
        long drops = sshd.log().lines().filter(l -> l.contains("MaxStartups")).count();
        System.out.println("sshd with MaxStartups 2 dropped " + drops + " handshakes of the 20 workers; all retried");
    }
}
