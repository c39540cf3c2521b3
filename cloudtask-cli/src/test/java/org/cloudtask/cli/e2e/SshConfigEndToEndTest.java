package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/cloudtask with SSH as the user already has it: an ssh config (Host alias, User, Port, IdentityFile, ProxyJump
 * through a second real OpenSSH sshd), default keys and ~/.ssh/config of a test HOME, and accept-new in a fresh
 * HOME. Workers on 127.0.0.110-111.
 */
@Timeout(180)
class SshConfigEndToEndTest {

    private static OpenSshServer worker;
    private static OpenSshServer bastion;

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @TempDir
    Path home;

    @BeforeAll
    static void startServers() throws IOException {
        worker = OpenSshServer.start("127.0.0.110");
        bastion = OpenSshServer.start("127.0.0.111");
    }

    @AfterAll
    static void stopServers() {
        worker.close();
        bastion.close();
    }

    private Path knownHosts() throws IOException {
        return Files.writeString(scratch.resolve("known_hosts"),
                worker.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");
    }

    private static String hostEntry(String alias, OpenSshServer server) {
        return "Host " + alias + "\n  HostName " + server.host() + "\n  Port " + server.port() + "\n  User "
                + server.user() + "\n  IdentityFile " + server.clientKey() + "\n";
    }

    private CliProcess cli(String... args) {
        return cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "").env("HOME", home.toString()).args(args);
    }

    @Test
    void aHostAliasOfTheSshConfigIsReachedThroughItsProxyJump() throws Exception {
        Path config = Files.writeString(scratch.resolve("ssh_config"), "# farm behind a bastion\n"
                + hostEntry("farm-a", worker) + "  ProxyJump jump\n\n" + hostEntry("jump", bastion));

        CliResult result = cli("-F", config.toString(), "--known-hosts", knownHosts().toString(),
                "--workers", "farm-a", "echo").stdinLines(List.of("1", "2")).run(ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines()).contains("farm-a: exit 0 # echo 1", "farm-a: exit 0 # echo 2");
        assertThat(bastion.log()).contains("Accepted publickey for " + bastion.user());
        assertThat(worker.log()).contains("Accepted publickey for " + worker.user());
    }

    @Test
    void theDefaultKeyAndSshConfigOfHomeAreUsedWhenNoKeyIsGiven() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(worker.clientKey(), home.resolve(".ssh/id_ed25519"));
        Files.writeString(home.resolve(".ssh/config"), "Host farm-b\n  HostName " + worker.host() + "\n  Port "
                + worker.port() + "\n  User " + worker.user() + "\n");

        CliResult result = cli("--known-hosts", knownHosts().toString(), "--workers", "farm-b", "echo")
                .stdinLines(List.of("hello")).run(ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines()).contains("farm-b: exit 0 # echo hello");
    }

    @Test
    void acceptNewInAFreshHomeCreatesDotSsh0700AndKnownHosts0600() throws Exception {
        String address = worker.user() + "@" + worker.host() + ":" + worker.port();

        CliResult result = cli("--host-key-policy", "accept-new", "--ssh-identity", worker.clientKey().toString(),
                "--workers", address, "echo").stdinLines(List.of("1")).run(ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("recorded new host key of " + address + " (ssh-ed25519 SHA256:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".ssh"))))
                .isEqualTo("rwx------");
        Path knownHosts = home.resolve(".ssh/known_hosts");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
        assertThat(Files.readString(knownHosts)).isEqualTo(worker.knownHostsLine() + "\n");
    }
}
