package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Host key policies against a real OpenSSH worker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostKeyTest {

    @TempDir
    Path temp;

    private OpenSshServer worker;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void startWorker() throws IOException {
        worker = OpenSshServer.start("127.0.0.63");
    }

    @AfterEach
    void stopWorker() {
        worker.close();
    }

    private SshTransport transport(HostKeyPolicy policy, Path knownHosts) throws IOException {
        return SshTransport.create(SshSettings.builder().user(worker.user()).identityFile(worker.clientKey())
                .agentSocket(null).knownHosts(List.of(knownHosts)).hostKeyPolicy(policy).warnings(warnings::add)
                .build());
    }

    @Test
    void strictRefusesAnUnknownHostKeyAndSaysWhatToDo() throws IOException {
        Path knownHosts = temp.resolve("known_hosts");

        assertThatThrownBy(() -> transport(HostKeyPolicy.STRICT, knownHosts).connect(worker.workerAddress()))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageStartingWith("host key of " + worker.user() + "@127.0.0.63:" + worker.port()
                        + " is unknown (ssh-ed25519 SHA256:")
                .hasMessageContaining(", --host-key-policy strict): after checking that fingerprint, add \""
                        + worker.knownHostsLine() + "\" to " + knownHosts)
                .hasMessageEndingWith("or use --host-key-policy accept-new");
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void strictAcceptsAKeyListedInAnyKnownHostsFile() throws Exception {
        Path empty = Files.writeString(temp.resolve("empty"), "# nothing\n");
        Path listed = worker.writeKnownHosts(temp.resolve("listed"));
        SshTransport transport = SshTransport.create(SshSettings.builder().user(worker.user())
                .identityFile(worker.clientKey()).agentSocket(null).knownHosts(List.of(empty, listed)).build());

        transport.connect(worker.workerAddress()).close();
    }

    @Test
    void acceptNewRecordsANewKeyThenRefusesAChangedOne() throws Exception {
        Path knownHosts = temp.resolve("dir/known_hosts");
        SshTransport transport = transport(HostKeyPolicy.ACCEPT_NEW, knownHosts);

        transport.connect(worker.workerAddress()).close();
        assertThat(Files.readString(knownHosts)).isEqualTo(worker.knownHostsLine() + "\n");
        assertThat(warnings).singleElement().asString().startsWith("recorded new host key of " + worker.user()
                + "@127.0.0.63:" + worker.port() + " (ssh-ed25519 SHA256:").endsWith(") in " + knownHosts);
        transport.connect(worker.workerAddress()).close();

        worker.regenerateHostKey();

        assertThatThrownBy(() -> transport.connect(worker.workerAddress()))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageContaining("HAS CHANGED")
                .hasMessageContaining("ssh-keygen -R '[127.0.0.63]:" + worker.port() + "' -f " + knownHosts);
        assertThat(Files.readString(knownHosts).lines()).hasSize(1);
    }

    @Test
    void strictRefusesAChangedKey() throws Exception {
        Path knownHosts = worker.writeKnownHosts(temp.resolve("known_hosts"));
        worker.regenerateHostKey();

        assertThatThrownBy(() -> transport(HostKeyPolicy.STRICT, knownHosts).connect(worker.workerAddress()))
                .isInstanceOf(WorkerRefusedException.class).hasMessageContaining("HAS CHANGED");
    }

    @Test
    void offWarnsOnEveryConnection() throws Exception {
        SshTransport transport = transport(HostKeyPolicy.OFF, temp.resolve("known_hosts"));

        transport.connect(worker.workerAddress()).close();
        transport.connect(worker.workerAddress()).close();

        assertThat(warnings).hasSize(2).allMatch(w -> w.contains("not checked (--host-key-policy off)"));
        assertThat(temp.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void trustsTheHostKeyAProvisionerReported() throws Exception {
        SshTransport transport = transport(HostKeyPolicy.STRICT, temp.resolve("known_hosts"));

        try (WorkerConnection connection =
                     transport.connect(worker.workerAddress().withHostKey(worker.hostPublicKey() + " from-console"))) {
            connection.ping(java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void refusesAKeyOtherThanTheOneTheProvisionerReportedEvenWhenKnownHostsListsIt() throws Exception {
        Path knownHosts = worker.writeKnownHosts(temp.resolve("known_hosts"));
        String reported = worker.hostPublicKey();
        worker.regenerateHostKey();
        worker.writeKnownHosts(knownHosts);

        assertThatThrownBy(() -> transport(HostKeyPolicy.ACCEPT_NEW, knownHosts)
                .connect(worker.workerAddress().withHostKey(reported)))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageContaining("is not the one its provisioner reported");
    }
}
