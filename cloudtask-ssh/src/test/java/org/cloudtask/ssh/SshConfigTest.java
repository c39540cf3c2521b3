package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The user's ssh config, default keys and ProxyJump, against real OpenSSH sshd on loopback. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SshConfigTest {

    private static OpenSshServer worker;
    private static OpenSshServer bastion;

    @TempDir
    Path temp;

    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void startServers() throws IOException {
        worker = OpenSshServer.start("127.0.0.66");
        bastion = OpenSshServer.start("127.0.0.67");
    }

    @AfterAll
    static void stopServers() {
        worker.close();
        bastion.close();
    }

    private Path knownHosts() throws IOException {
        return Files.writeString(temp.resolve("known_hosts"),
                worker.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");
    }

    private Path config(String text) throws IOException {
        return Files.writeString(temp.resolve("ssh_config"), text);
    }

    private String hostEntry(String alias, OpenSshServer server) {
        return "Host " + alias + "\n    HostName " + server.host() + "\n    Port " + server.port() + "\n    User "
                + server.user() + "\n    IdentityFile " + server.clientKey() + "\n    IdentitiesOnly yes\n";
    }

    private SshSettings.Builder settings(Path config) throws IOException {
        return SshSettings.builder().agentSocket(null).knownHosts(List.of(knownHosts())).sshConfig(config)
                .home(temp).warnings(warnings::add);
    }

    private static WorkerAddress alias(String name) {
        return new WorkerAddress(null, name, 0, 0, null);
    }

    @Test
    void aHostAliasGivesHostNamePortUserAndIdentityFile() throws Exception {
        SshTransport transport = SshTransport.create(settings(config(hostEntry("farm-a", worker))).build());

        try (WorkerConnection connection = transport.connect(alias("farm-a"))) {
            connection.ping(Duration.ofSeconds(10));
        }
    }

    @Test
    void theConfigsUserIsUsedAndTheCommandLineWinsOverIt() throws Exception {
        Path config = config("Host farm-?\n    User nobody-here\n" + hostEntry("farm-a", worker));

        assertThatThrownBy(() -> SshTransport.create(settings(config).build()).connect(alias("farm-a")))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageStartingWith("nobody-here@farm-a refused our SSH keys (tried " + worker.clientKey() + ")");
        SshTransport.create(settings(config).user(worker.user()).build()).connect(alias("farm-a")).close();
    }

    @Test
    void proxyJumpConnectsThroughTheJumpHost() throws Exception {
        Path config = config(hostEntry("farm-a", worker) + "    ProxyJump bastion\n" + hostEntry("bastion", bastion));
        SshTransport transport = SshTransport.create(settings(config).build());

        WorkerConnection connection = transport.connect(alias("farm-a"));
        connection.ping(Duration.ofSeconds(10));
        assertThat(bastion.log()).contains("Accepted publickey for " + bastion.user());

        // the worker's connection runs through the jump host: without it, it is gone
        bastion.killWithSessions();
        try {
            assertThatThrownBy(() -> connection.ping(Duration.ofSeconds(10))).isInstanceOf(IOException.class);
        } finally {
            connection.close();
            bastion.restart();
        }
    }

    @Test
    void proxyJumpHopsAreTakenInOrderEachThroughTheOneBefore() throws Exception {
        Path config = config(hostEntry("farm-a", worker) + "    ProxyJump bastion,again\n"
                + hostEntry("bastion", bastion) + hostEntry("again", bastion));

        int loginsBefore = loginsAt(bastion);

        try (WorkerConnection connection = SshTransport.create(settings(config).build()).connect(alias("farm-a"))) {
            connection.ping(Duration.ofSeconds(10));
        }
        // the second hop reached the bastion through the first: two logins there for one worker connection
        assertThat(loginsAt(bastion) - loginsBefore).isEqualTo(2);
    }

    private static int loginsAt(OpenSshServer server) {
        return server.log().split("Accepted publickey for ", -1).length - 1;
    }

    @Test
    void aJumpHostWithAnUnknownHostKeyIsRefusedAndNamed() throws Exception {
        Path config = config(hostEntry("farm-a", worker) + "    ProxyJump bastion\n" + hostEntry("bastion", bastion));
        Files.writeString(temp.resolve("only_worker"), worker.knownHostsLine() + "\n");

        assertThatThrownBy(() -> SshTransport.create(settings(config).knownHosts(List.of(temp.resolve("only_worker")))
                .build()).connect(alias("farm-a")))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageStartingWith("host key of jump host " + bastion.user() + "@bastion (for " + worker.user()
                        + "@farm-a) is unknown");
    }

    @Test
    void strictHostKeyCheckingAndUserKnownHostsFileComeFromTheConfigUnlessGiven() throws Exception {
        Path config = config(hostEntry("farm-a", worker) + "    StrictHostKeyChecking accept-new\n"
                + "    UserKnownHostsFile ~/farm_known_hosts\n");

        SshTransport.create(settings(config).build()).connect(alias("farm-a")).close();
        assertThat(Files.readString(temp.resolve("farm_known_hosts")))
                .isEqualTo(worker.knownHostsLine() + "\n");

        Files.delete(temp.resolve("farm_known_hosts"));
        assertThatThrownBy(() -> SshTransport.create(settings(config).hostKeyPolicy(HostKeyPolicy.STRICT).build())
                .connect(alias("farm-a")))
                .isInstanceOf(WorkerRefusedException.class).hasMessageContaining("is unknown");
    }

    @Test
    void anIdentityFileThatDoesNotExistIsSkippedAsSshSkipsIt() throws Exception {
        Path config = config(hostEntry("farm-a", worker) + "Host *\n    IdentityFile ~/.ssh/not_here\n");

        SshTransport.create(settings(config).build()).connect(alias("farm-a")).close();

        assertThat(warnings).containsExactly("ssh config IdentityFile " + temp.resolve(".ssh/not_here")
                + " does not exist; skipped");
    }

    @Test
    void anEncryptedIdentityFileWithoutPassphraseIsReportedForEachWorkerButAskedAboutOnce() throws Exception {
        Path key = org.cloudtask.ssh.testing.TestKeys.generate(temp.resolve("locked"), "ed25519", "s3cret", false);
        Path config = config("Host farm-?\n    IdentityFile " + key + "\n" + hostEntry("farm-a", worker)
                + hostEntry("farm-b", worker));
        List<String> asked = new ArrayList<>();
        SshTransport transport = SshTransport.create(settings(config).passphrases(name -> {
            asked.add(name);
            return null;
        }).build());

        for (String alias : List.of("farm-a", "farm-b")) {
            assertThatThrownBy(() -> transport.connect(alias(alias))).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("SSH key " + key + " is encrypted and no passphrase was given");
        }
        assertThat(asked).containsExactly(key.toString());
    }

    @Test
    void withNoKeyAndNoAgentTheDefaultKeysOfHomeAreTried() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home/.ssh")).getParent();
        Files.copy(worker.clientRsaKey(), home.resolve(".ssh/id_rsa"));
        SshTransport transport = SshTransport.create(SshSettings.builder().user(worker.user()).agentSocket(null)
                .knownHosts(List.of(knownHosts())).home(home).defaultIdentities(true).build());

        transport.connect(worker.workerAddress()).close();
    }

    @Test
    void connectTimeoutAndServerAliveIntervalComeFromTheConfigUnlessGiven() throws Exception {
        Path config = config("Host farm-*\n    ConnectTimeout 7\n    ServerAliveInterval 15\n");

        ResolvedHost fromConfig = SshConfigResolver.load(settings(config).build()).resolve("farm-b", null, 0);
        ResolvedHost given = SshConfigResolver.load(settings(config).connectTimeout(Duration.ofSeconds(3)).build())
                .resolve("farm-b", null, 0);

        assertThat(fromConfig.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(fromConfig.serverAliveInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fromConfig.hostName()).isEqualTo("farm-b");
        assertThat(fromConfig.port()).isEqualTo(22);
        assertThat(given.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aMissingConfigFileIsOneClearLine() {
        assertThatThrownBy(() -> SshTransport.create(settings(temp.resolve("nope")).build()))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read ssh config " + temp.resolve("nope")
                        + ": no such readable file (check --ssh-config)");
    }
}
