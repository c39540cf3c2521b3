package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fast tests of the transport against an in-process Apache MINA SSHD running real local processes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MinaTransportTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path temp;

    private Path clientKey;
    private MinaWorker worker;
    private final List<String> warnings = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startWorker() throws IOException {
        clientKey = TestKeys.generate(temp.resolve("client_ecdsa"), "ecdsa", "", false);
        Files.writeString(temp.resolve("authorized_keys"), TestKeys.publicKeyLine(clientKey) + "\n");
        worker = startMina(loginEnvironment("/usr/local/bin:/usr/bin:/bin"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private MinaWorker startMina(Map<String, String> environment) throws IOException {
        Path directory = Files.createTempDirectory(temp, "mina");
        MinaWorker mina = new MinaWorker(directory, temp.resolve("authorized_keys"), environment);
        toClose.add(0, mina);
        return mina;
    }

    private static Map<String, String> loginEnvironment(String path) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", System.getProperty("user.home"));
        environment.put("PATH", path);
        environment.put("USER", USER);
        environment.put("LOGNAME", USER);
        environment.put("SHELL", "/bin/sh");
        environment.put("SSH_CONNECTION", "127.0.0.1 1 127.0.0.1 2");
        return environment;
    }

    private SshSettings.Builder settings(Path knownHosts) {
        return SshSettings.builder().user(USER).identityFile(clientKey).agentSocket(null)
                .knownHosts(List.of(knownHosts)).warnings(warnings::add);
    }

    private WorkerConnection connect(MinaWorker mina) throws Exception {
        WorkerConnection connection = SshTransport.create(settings(mina.writeKnownHosts("known_hosts")).build())
                .connect(mina.address(USER));
        toClose.add(0, connection);
        return connection;
    }

    private static ExitStatus run(WorkerConnection connection, String command, CollectingSink sink) throws Exception {
        return connection.start(new CommandRequest(command, Map.of(), "job"), sink)
                .await(Duration.ofSeconds(20)).orElseThrow();
    }

    @Test
    void reportsExitCodesAndSignals() throws Exception {
        WorkerConnection connection = connect(worker);

        assertThat(run(connection, "true", new CollectingSink())).isEqualTo(ExitStatus.exited(0));
        assertThat(run(connection, "exit 42", new CollectingSink())).isEqualTo(ExitStatus.exited(42));
        assertThat(run(connection, "kill -TERM $$", new CollectingSink())).isEqualTo(ExitStatus.killedBy("TERM", 15));
        assertThat(run(connection, "no-such-command-here", new CollectingSink()).code()).isEqualTo(127);
    }

    @Test
    void deliversEveryByteValueUnchanged() throws Exception {
        WorkerConnection connection = connect(worker);
        CollectingSink sink = new CollectingSink();

        run(connection, "i=0; while [ $i -lt 256 ]; do printf \"\\\\$(printf %o $i)\"; i=$((i+1)); done", sink);

        byte[] expected = new byte[256];
        for (int i = 0; i < 256; i++) {
            expected[i] = (byte) i;
        }
        assertThat(sink.bytes()).isEqualTo(expected);
    }

    @Test
    void streamsOutputBeforeTheJobEnds() throws Exception {
        WorkerConnection connection = connect(worker);
        CollectingSink sink = new CollectingSink();
        RunningCommand running = connection.start(new CommandRequest("echo early; sleep 600", Map.of(), "job"), sink);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.text().equals("early\n"));
        assertThat(running.await(Duration.ofMillis(50))).isEmpty();

        running.kill(Duration.ofSeconds(2));
        assertThat(running.await(Duration.ofSeconds(10))).contains(ExitStatus.killedBy("TERM", 15));
    }

    @Test
    void jobsSeeOnlyTheLoginBasicsAndTheirOwnVariables() throws Exception {
        WorkerConnection connection = connect(worker);
        CollectingSink sink = new CollectingSink();

        connection.start(new CommandRequest("env", Map.of("TASK", "t1"), "job"), sink).await(Duration.ofSeconds(20));

        assertThat(sink.text().lines().map(line -> line.substring(0, line.indexOf('='))).sorted())
                .containsExactly("HOME", "LOGNAME", "PATH", "PWD", "SHELL", "TASK", "USER");
    }

    @Test
    void answersPings() throws Exception {
        connect(worker).ping(Duration.ofSeconds(5));
    }

    @Test
    void aPingIsARoundTripThroughTheRunnerThatStartsNothingOnTheWorker() throws Exception {
        WorkerConnection connection = connect(worker);
        int started = worker.commandsStarted();

        for (int i = 0; i < 20; i++) {
            connection.ping(Duration.ofSeconds(5));
            connection.pingAsync(Duration.ofSeconds(5), Runnable::run).get(5, TimeUnit.SECONDS);
        }

        assertThat(worker.commandsStarted()).as("commands started by 40 pings").isEqualTo(started);
    }

    @Test
    void refusesAnUnauthorizedKeyWithoutEverTryingAPassword() throws Exception {
        Path stranger = TestKeys.generate(temp.resolve("stranger"), "ecdsa", "", false);
        SshTransport transport = SshTransport.create(SshSettings.builder().user(USER).identityFile(stranger)
                .agentSocket(null).knownHosts(List.of(worker.writeKnownHosts("kh"))).build());

        assertThatThrownBy(() -> transport.connect(worker.address(USER)))
                .isInstanceOf(WorkerRefusedException.class).hasMessageContaining("refused our SSH keys (tried "
                        + stranger + ")");
        assertThat(worker.passwordAttempts()).isEmpty();
    }

    @Test
    void strictRefusesAnUnknownHostKey() throws IOException {
        Path knownHosts = Files.writeString(temp.resolve("empty_known_hosts"), "");

        assertThatThrownBy(() -> SshTransport.create(settings(knownHosts).build()).connect(worker.address(USER)))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageContaining(", --host-key-policy strict): after checking that fingerprint");
    }

    @Test
    void acceptNewRecordsTheKeyAndRefusesAnotherKeyForTheSameAddressLater() throws Exception {
        Path knownHosts = temp.resolve("recorded_known_hosts");
        SshTransport transport = SshTransport.create(settings(knownHosts).hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW)
                .build());
        transport.connect(worker.address(USER)).close();
        assertThat(Files.readString(knownHosts)).isEqualTo(worker.knownHostsLine() + "\n");

        MinaWorker impostor = startMina(loginEnvironment("/usr/bin:/bin"));
        String impostorKey = impostor.knownHostsLine().split(" ", 2)[1];
        Files.writeString(knownHosts, "[127.0.0.1]:" + impostor.address(USER).port() + " "
                + worker.knownHostsLine().split(" ", 2)[1] + "\n");

        String[] impostorFields = impostorKey.split(" ");
        String impostorFingerprint = impostorFields[0] + " "
                + HostKeyVerifier.fingerprint(java.util.Base64.getDecoder().decode(impostorFields[1]));
        // why a new transport: known_hosts files are read once per run
        SshTransport nextRun = SshTransport.create(settings(knownHosts).hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW)
                .build());
        assertThatThrownBy(() -> nextRun.connect(impostor.address(USER)))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageContaining("HAS CHANGED (now " + impostorFingerprint + ", another key for [127.0.0.1]:"
                        + impostor.address(USER).port() + " is in " + knownHosts + ")");
    }

    @Test
    void offConnectsToAnyKeyButWarns() throws Exception {
        Path knownHosts = temp.resolve("none");
        SshTransport transport = SshTransport.create(settings(knownHosts).hostKeyPolicy(HostKeyPolicy.OFF).build());

        transport.connect(worker.address(USER)).close();

        assertThat(warnings).singleElement().asString().contains("not checked");
    }

    @Test
    void aWorkerWithoutPerlIsRefusedWithWhatToInstall() throws Exception {
        MinaWorker bare = startMina(loginEnvironment("/nonexistent"));

        assertThatThrownBy(() -> connect(bare))
                .isInstanceOf(WorkerRefusedException.class).hasMessageContaining("has no perl");
    }
}
