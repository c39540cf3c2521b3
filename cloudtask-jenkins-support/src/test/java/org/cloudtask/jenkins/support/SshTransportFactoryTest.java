package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.cloudtask.ssh.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SSH transport a Jenkins build gets, against a real OpenSSH worker (loopback 127.0.0.230). */
@Timeout(60)
class SshTransportFactoryTest {

    private static OpenSshServer worker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = OpenSshServer.start("127.0.0.230");
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) worker.close();
    }

    private static String run(Transport transport, String command) throws Exception {
        try (WorkerConnection connection = transport.connect(worker.workerAddress().withUser(null))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExitStatus status = connection.start(new CommandRequest(command, Map.of(), "job 1"), out::write)
                    .await(Duration.ofSeconds(20)).orElseThrow();
            assertThat(status.succeeded()).isTrue();
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEncryptedCredentialKeyLogsInFromMemoryWithItsPassphraseAndItsUser() throws Exception {
        Path keyFile = TestKeys.generate(dir.resolve("id"), "ed25519", "s3cret phrase", false);
        worker.authorize(TestKeys.publicKeyLine(keyFile));
        KeyMaterial key = new KeyMaterial(worker.user(), List.of(Files.readString(keyFile)), "s3cret phrase".toCharArray());
        Files.delete(keyFile);
        Files.delete(Path.of(keyFile + ".pub"));
        Path knownHosts = worker.writeKnownHosts(dir.resolve("known_hosts"));
        List<String> warnings = new ArrayList<>();

        Transport transport = new SshTransportFactory().create(key, "strict", knownHosts, warnings::add);

        assertThat(run(transport, "echo hello from $USER")).isEqualTo("hello from " + worker.user() + "\n");
        assertThat(warnings).isEmpty();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no key written anywhere").containsExactly(knownHosts);
        }
    }

    @Test
    void strictRefusesAWorkerTheJobsKnownHostsDoNotVouchFor() throws Exception {
        KeyMaterial key = new KeyMaterial(worker.user(), List.of(Files.readString(worker.clientKey())), null);
        Transport transport = new SshTransportFactory().create(key, "strict", dir.resolve("empty_known_hosts"), w -> { });
        assertThatThrownBy(() -> transport.connect(worker.workerAddress())).isInstanceOf(WorkerRefusedException.class);
    }

    @Test
    void acceptNewRecordsTheKeyInTheJobsOwnFile() throws Exception {
        KeyMaterial key = new KeyMaterial(worker.user(), List.of(Files.readString(worker.clientKey())), null);
        Path knownHosts = dir.resolve("job_known_hosts");
        List<String> warnings = new ArrayList<>();
        Transport transport = new SshTransportFactory().create(key, "accept-new", knownHosts, warnings::add);

        assertThat(run(transport, "true")).isEmpty();

        assertThat(Files.readString(knownHosts)).contains(worker.hostPublicKey());
    }
}
