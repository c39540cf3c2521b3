package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.cloudtask.ssh.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Logging in to a real OpenSSH worker: key formats, passphrases, the agent, refusals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginTest {

    @TempDir
    static Path temp;

    static OpenSshServer worker;

    @BeforeAll
    static void startWorker() throws IOException {
        worker = OpenSshServer.start("127.0.0.62");
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    private static SshSettings.Builder settings() throws IOException {
        return SshSettings.builder().user(worker.user()).agentSocket(null)
                .knownHosts(List.of(worker.writeKnownHosts(temp.resolve("known_hosts"))));
    }

    private static void assertRunsCommands(SshSettings settings) throws Exception {
        try (WorkerConnection connection = SshTransport.create(settings).connect(worker.workerAddress())) {
            CollectingSink sink = new CollectingSink();
            assertThat(TestWorkers.start(connection, "echo in", sink).await(Duration.ofSeconds(20)))
                    .contains(ExitStatus.exited(0));
            assertThat(sink.text()).isEqualTo("in\n");
        }
    }

    private static Path authorizedKey(String name, String type, String passphrase, boolean pem) throws IOException {
        Path key = TestKeys.generate(temp.resolve(name), type, passphrase, pem);
        worker.authorize(TestKeys.publicKeyLine(key));
        return key;
    }

    @Test
    void logsInWithEd25519AndRsaKeysInOpenSshFormat() throws Exception {
        assertRunsCommands(settings().identityFile(worker.clientKey()).build());
        assertRunsCommands(settings().identityFile(worker.clientRsaKey()).build());
    }

    @Test
    void logsInWithPemRsaAndEcdsaKeys() throws Exception {
        assertRunsCommands(settings().identityFile(authorizedKey("pem_rsa", "rsa", "", true)).build());
        assertRunsCommands(settings().identityFile(authorizedKey("pem_ecdsa", "ecdsa", "", true)).build());
        assertRunsCommands(settings().identityFile(authorizedKey("ecdsa", "ecdsa", "", false)).build());
    }

    @Test
    void decryptsAnEncryptedKeyWithThePassphraseFromTheSource() throws Exception {
        Path key = authorizedKey("encrypted", "ed25519", "open sesame", false);
        List<String> asked = new ArrayList<>();

        assertRunsCommands(settings().identityFile(key).passphrases(name -> {
            asked.add(name);
            return "open sesame".toCharArray();
        }).build());
        assertThat(asked).containsExactly(key.toString());
    }

    @Test
    void refusesAWrongPassphraseOnceAtStart() throws IOException {
        Path key = authorizedKey("encrypted2", "ed25519", "right", false);

        assertThatThrownBy(() -> SshTransport.create(settings().identityFile(key)
                .passphrases(name -> "wrong".toCharArray()).build()))
                .isInstanceOf(IOException.class).hasMessage("wrong passphrase for SSH key " + key);
        assertThatThrownBy(() -> SshTransport.create(settings().identityFile(key).build()))
                .hasMessageContaining("is encrypted and no passphrase was given");
    }

    @Test
    void logsInWithAKeyHeldOnlyInMemory() throws Exception {
        Path key = authorizedKey("in_memory", "ed25519", "mem pass", false);
        SshKey inMemory = new SshKey("jenkins credential deploy-key", Files.readAllBytes(key),
                "mem pass".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.delete(key);

        assertRunsCommands(settings().key(inMemory).build());
        assertThat(inMemory.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void logsInWithAKeyFromTheSshAgent() throws Exception {
        Path socket = temp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
            Path key = authorizedKey("agent_key", "ed25519", "", false);
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            assertThat(adding.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(adding.exitValue()).isZero();

            assertRunsCommands(settings().agentSocket(socket).build());
        } finally {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAnUnauthorizedKeyWithAClearMessage() throws IOException {
        Path stranger = TestKeys.generate(temp.resolve("stranger"), "ed25519", "", false);

        assertThatThrownBy(() -> SshTransport.create(settings().identityFile(stranger).build())
                .connect(worker.workerAddress()))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessage(worker.user() + "@" + worker.host() + ":" + worker.port() + " refused our SSH keys (tried "
                        + stranger + "): check --user and --ssh-identity, and that the key is in the worker's "
                        + "authorized_keys");
    }

    @Test
    void refusesAnUnknownUser() throws IOException {
        SshTransport transport = SshTransport.create(settings().identityFile(worker.clientKey()).build());

        assertThatThrownBy(() -> transport.connect(worker.workerAddress().withUser("nobody-here")))
                .isInstanceOf(WorkerRefusedException.class).hasMessageContaining("refused our SSH keys");
    }

    @Test
    void reportsARefusedConnectionAsRetryable() throws IOException {
        SshTransport transport = SshTransport.create(settings().identityFile(worker.clientKey()).build());
        org.cloudtask.core.worker.WorkerAddress closedPort =
                new org.cloudtask.core.worker.WorkerAddress(worker.user(), "127.0.0.62", 1, 0, null);

        assertThatThrownBy(() -> transport.connect(closedPort))
                .isInstanceOf(IOException.class).isNotInstanceOf(WorkerRefusedException.class)
                .hasMessageContaining("refused the connection on port 1");
    }

    @Test
    void neverTriesPasswords() throws Exception {
        assertRunsCommands(settings().identityFile(worker.clientKey()).build());
        assertThat(worker.log()).doesNotContain("password").doesNotContain("keyboard-interactive");
    }

    @Test
    void givesTheJobItsEnvironmentVariables() throws Exception {
        try (WorkerConnection connection = SshTransport.create(settings().identityFile(worker.clientKey()).build())
                .connect(worker.workerAddress())) {
            CollectingSink sink = new CollectingSink();
            connection.start(new org.cloudtask.core.worker.CommandRequest("echo \"$A|$B\"", Map.of("A", "1", "B",
                    "two words"), "env"), sink).await(Duration.ofSeconds(20));
            assertThat(sink.text()).isEqualTo("1|two words\n");
        }
    }
}
