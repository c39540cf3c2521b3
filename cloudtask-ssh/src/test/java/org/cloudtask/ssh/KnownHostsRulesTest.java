package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerRefusedException;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's known_hosts rules against a real OpenSSH sshd: any known key of any type makes another key a changed
 * key, {@code @revoked}, {@code @cert-authority}, hashed entries, HostKeyAlias, fingerprints, the file named in the
 * changed-key message, and how accept-new creates and writes files.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KnownHostsRulesTest {

    private static OpenSshServer worker;

    @TempDir
    Path temp;

    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void startWorker() throws IOException {
        worker = OpenSshServer.start("127.0.0.64");
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    private SshTransport transport(HostKeyPolicy policy, List<Path> knownHosts) throws IOException {
        return transport(SshSettings.builder().hostKeyPolicy(policy).knownHosts(knownHosts));
    }

    private SshTransport transport(SshSettings.Builder settings) throws IOException {
        return SshTransport.create(settings.user(worker.user()).identityFile(worker.clientKey()).agentSocket(null)
                .warnings(warnings::add).build());
    }

    private String name() {
        return "[" + worker.host() + "]:" + worker.port();
    }

    /** ssh-keygen's own fingerprint of the worker's host key, to compare with ours. */
    private static String sshKeygenFingerprint(Path temp) throws Exception {
        Path pub = Files.writeString(temp.resolve("host.pub"), worker.hostPublicKey() + "\n");
        Process keygen = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()).start();
        String output = new String(keygen.getInputStream().readAllBytes());
        assertThat(keygen.waitFor()).as(output).isZero();
        return output.split("\\s+")[1];
    }

    @Test
    void aKnownKeyOfAnotherTypeMakesTheNewTypeAChangedKeyUnderAcceptNewAndStrict() throws Exception {
        Path knownHosts = worker.writeKnownHosts(temp.resolve("known_hosts"));
        String ed25519Line = worker.knownHostsLine();
        worker.replaceHostKey("rsa");
        try {
            assertThat(worker.hostPublicKey()).startsWith("ssh-rsa ");
            for (HostKeyPolicy policy : List.of(HostKeyPolicy.ACCEPT_NEW, HostKeyPolicy.STRICT)) {
                assertThatThrownBy(() -> transport(policy, List.of(knownHosts)).connect(worker.workerAddress()))
                        .as(policy.optionValue())
                        .isInstanceOf(WorkerRefusedException.class)
                        .hasMessageContaining("HAS CHANGED (now ssh-rsa SHA256:")
                        .hasMessageContaining("ssh-keygen -R '" + name() + "' -f " + knownHosts);
            }
            assertThat(Files.readString(knownHosts)).isEqualTo(ed25519Line + "\n");
            assertThat(warnings).isEmpty();
        } finally {
            worker.replaceHostKey("ed25519");
        }
    }

    @Test
    void theChangedKeyMessageNamesTheFileThatHoldsTheStaleKeyAndShowsTheSha256Fingerprint() throws Exception {
        Path userFile = temp.resolve("home/.ssh/known_hosts");
        Path extra = Files.writeString(temp.resolve("farm_known_hosts"),
                name() + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");

        assertThatThrownBy(() -> transport(HostKeyPolicy.ACCEPT_NEW, List.of(userFile, extra))
                .connect(worker.workerAddress()))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessageContaining("HAS CHANGED (now ssh-ed25519 " + sshKeygenFingerprint(temp) + ", another key "
                        + "for " + name() + " is in " + extra + ")")
                .hasMessageEndingWith("ssh-keygen -R '" + name() + "' -f " + extra)
                .message().doesNotContain(userFile.toString());
        assertThat(userFile).doesNotExist();
    }

    @Test
    void anUnknownKeyIsShownAsItsFingerprintThenTheLineToAdd() throws Exception {
        Path knownHosts = temp.resolve("known_hosts");

        assertThatThrownBy(() -> transport(HostKeyPolicy.STRICT, List.of(knownHosts)).connect(worker.workerAddress()))
                .isInstanceOf(WorkerRefusedException.class)
                .hasMessage("host key of " + worker.user() + "@" + worker.host() + ":" + worker.port()
                        + " is unknown (ssh-ed25519 " + sshKeygenFingerprint(temp) + ", --host-key-policy strict): "
                        + "after checking that fingerprint, add \"" + worker.knownHostsLine() + "\" to " + knownHosts
                        + ", or use --host-key-policy accept-new");
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhenAlsoListedAndEvenWithChecksOff() throws Exception {
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"),
                worker.knownHostsLine() + "\n@revoked * " + worker.hostPublicKey() + "\n");

        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            assertThatThrownBy(() -> transport(policy, List.of(knownHosts)).connect(worker.workerAddress()))
                    .as(policy.optionValue())
                    .isInstanceOf(WorkerRefusedException.class)
                    .hasMessageContaining("is marked @revoked in " + knownHosts);
        }
    }

    @Test
    void aHostVouchedForOnlyByACertificateAuthorityIsRefusedClearly() throws Exception {
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "@cert-authority " + name()
                + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ca\n");

        for (HostKeyPolicy policy : List.of(HostKeyPolicy.STRICT, HostKeyPolicy.ACCEPT_NEW)) {
            assertThatThrownBy(() -> transport(policy, List.of(knownHosts)).connect(worker.workerAddress()))
                    .as(policy.optionValue())
                    .isInstanceOf(WorkerRefusedException.class)
                    .hasMessageContaining("is vouched for only by a @cert-authority line in " + knownHosts
                            + ", and cloudtask does not check host certificates");
        }
        assertThat(Files.readString(knownHosts).lines()).hasSize(1);
    }

    @Test
    void entriesHashedBySshKeygenAreHonoured() throws Exception {
        Path knownHosts = worker.writeKnownHosts(temp.resolve("known_hosts"));
        run("ssh-keygen", "-H", "-f", knownHosts.toString());
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain(worker.host());

        transport(HostKeyPolicy.STRICT, List.of(knownHosts)).connect(worker.workerAddress()).close();
    }

    @Test
    void acceptNewCreatesDotSsh0700AndKnownHosts0600AndHashesWhenTheSshConfigSaysSo() throws Exception {
        Path home = temp.resolve("fresh-home");
        Files.createDirectories(home);
        Path config = Files.writeString(temp.resolve("ssh_config"), "Host *\n    HashKnownHosts yes\n");
        Path knownHosts = home.resolve(".ssh/known_hosts");

        transport(SshSettings.builder().hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).knownHosts(List.of(knownHosts))
                .sshConfig(config).home(home)).connect(worker.workerAddress()).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".ssh"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
        String recorded = Files.readString(knownHosts);
        assertThat(recorded).startsWith("|1|").endsWith(" " + worker.hostPublicKey() + "\n")
                .doesNotContain(worker.host());
        // OpenSSH itself finds the hashed entry under the name ssh looks it up by
        assertThat(run("ssh-keygen", "-F", name(), "-f", knownHosts.toString())).contains(worker.hostPublicKey());
        transport(HostKeyPolicy.STRICT, List.of(knownHosts)).connect(worker.workerAddress()).close();
    }

    @Test
    void aHostKeyAliasFromTheSshConfigIsTheNameKeysAreLookedUpUnder() throws Exception {
        Path config = Files.writeString(temp.resolve("ssh_config"), "Host farm-1\n    HostName " + worker.host()
                + "\n    Port " + worker.port() + "\n    HostKeyAlias farm-1.keys\n");
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"),
                "farm-1.keys " + worker.hostPublicKey() + "\n");

        transport(SshSettings.builder().knownHosts(List.of(knownHosts)).sshConfig(config))
                .connect(new org.cloudtask.core.worker.WorkerAddress(null, "farm-1", 0, 0, null)).close();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
