package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connect timeout bounds one attempt from the moment it starts: waiting for a turn at the gate (many workers
 * connecting at once) costs a worker none of it, and a login that outlasts it is a timeout, never a refused key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectDeadlineTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path temp;

    private Path clientKey;
    private MinaWorker worker;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startWorker() throws IOException {
        clientKey = TestKeys.generate(temp.resolve("client_ecdsa"), "ecdsa", "", false);
        Files.writeString(temp.resolve("authorized_keys"), TestKeys.publicKeyLine(clientKey) + "\n");
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", System.getProperty("user.home"));
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("USER", USER);
        worker = new MinaWorker(Files.createTempDirectory(temp, "mina"), temp.resolve("authorized_keys"),
                environment);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) closeable.close();
        worker.close();
    }

    private SshTransport transport(Duration connectTimeout, int maxStartups) throws IOException {
        return SshTransport.create(SshSettings.builder().user(USER).identityFile(clientKey).agentSocket(null)
                .knownHosts(List.of(worker.writeKnownHosts("known_hosts"))).connectTimeout(connectTimeout)
                .gentleConnecting(1000, maxStartups).build());
    }

    @Test
    void workersWaitingTheirTurnLongerThanTheTimeoutStillGetTheWholeTimeout() throws Exception {
        // one handshake at a time, each login 0.6 s: the fifth waits about 2.4 s at the gate, more than its timeout
        worker.slowLogins(Duration.ofMillis(600));
        SshTransport transport = transport(Duration.ofSeconds(2), 1);
        List<CompletableFuture<WorkerConnection>> connections = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            connections.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return transport.connect(worker.address(USER));
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }));
        }

        for (CompletableFuture<WorkerConnection> connection : connections) {
            toClose.add(connection.get(50, TimeUnit.SECONDS));
        }
        assertThat(toClose).hasSize(5);
    }

    @Test
    void aLoginThatOutlastsTheTimeoutIsReportedAsATimeoutNotARefusedKey() throws Exception {
        worker.slowLogins(Duration.ofSeconds(3));
        SshTransport transport = transport(Duration.ofSeconds(1), 8);

        assertThatThrownBy(() -> transport.connect(worker.address(USER)))
                .isNotInstanceOf(WorkerRefusedException.class)
                .hasMessage(USER + "@127.0.0.1:" + worker.address(USER).port()
                        + " did not answer within 1 s (--connect-timeout)");
    }

    @Test
    void aRunnerThatDoesNotStartInTimeNamesTheConnectTimeout() throws Exception {
        // a worker whose perl hangs: the login works, the runner never says it is ready
        Path bin = Files.createDirectories(temp.resolve("slow-bin"));
        Path perl = Files.writeString(bin.resolve("perl"), "#!/bin/sh\nexec sleep 30\n");
        perl.toFile().setExecutable(true);
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", System.getProperty("user.home"));
        environment.put("PATH", bin + ":/usr/bin:/bin");
        try (MinaWorker slow = new MinaWorker(Files.createTempDirectory(temp, "mina"), temp.resolve("authorized_keys"),
                environment)) {
            SshTransport transport = SshTransport.create(SshSettings.builder().user(USER).identityFile(clientKey)
                    .agentSocket(null).knownHosts(List.of(slow.writeKnownHosts("known_hosts_slow")))
                    .connectTimeout(Duration.ofSeconds(1)).build());

            assertThatThrownBy(() -> transport.connect(slow.address(USER)))
                    .isNotInstanceOf(WorkerRefusedException.class)
                    .hasMessage("the cloudtask runner on " + USER + "@127.0.0.1:" + slow.address(USER).port()
                            + " did not start within 1.0 s (--connect-timeout)");
        }
    }
}
