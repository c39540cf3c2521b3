package org.cloudtask.ssh.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself, checked with the OpenSSH client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenSshServerTest {

    @TempDir
    Path temp;

    private OpenSshServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void letsTheCurrentUserInWithEitherClientKeyAndAStrictKnownHostsFile() throws IOException {
        server = OpenSshServer.start("127.0.0.50");
        Path knownHosts = server.writeKnownHosts(temp.resolve("known_hosts"));

        assertThat(ssh(server.clientKey(), knownHosts, "echo hello")).isEqualTo("hello\n");
        assertThat(ssh(server.clientRsaKey(), knownHosts, "id -un")).isEqualTo(server.user() + "\n");
    }

    @Test
    void restartsOnTheSameAddressAndPortWithANewHostKey() throws IOException {
        server = OpenSshServer.start("127.0.0.51");
        Path knownHosts = server.writeKnownHosts(temp.resolve("known_hosts"));
        int port = server.port();

        server.regenerateHostKey();

        assertThat(server.port()).isEqualTo(port);
        assertThatThrownBy(() -> ssh(server.clientKey(), knownHosts, "true")).hasMessageContaining("exited 255");
        assertThat(ssh(server.clientKey(), server.writeKnownHosts(knownHosts), "echo again")).isEqualTo("again\n");
    }

    @Test
    void killedServerStopsListeningUntilRestarted() throws IOException {
        server = OpenSshServer.start("127.0.0.52");
        Path knownHosts = server.writeKnownHosts(temp.resolve("known_hosts"));

        server.killWithSessions();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> ssh(server.clientKey(), knownHosts, "true")).isInstanceOf(IOException.class);

        server.restart();
        assertThat(ssh(server.clientKey(), knownHosts, "echo back")).isEqualTo("back\n");
    }

    @Test
    void frozenServerAnswersAgainOnceThawed() throws IOException {
        server = OpenSshServer.start("127.0.0.53");
        Path knownHosts = server.writeKnownHosts(temp.resolve("known_hosts"));

        server.freeze();
        assertThatThrownBy(() -> ssh(server.clientKey(), knownHosts, "true", "-o", "ConnectTimeout=1"))
                .isInstanceOf(IOException.class);
        server.thaw();

        assertThat(ssh(server.clientKey(), knownHosts, "echo thawed")).isEqualTo("thawed\n");
    }

    private String ssh(Path key, Path knownHosts, String command, String... options) throws IOException {
        List<String> line = new java.util.ArrayList<>(List.of("ssh", "-i", key.toString(), "-p",
                Integer.toString(server.port()), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5"));
        line.addAll(List.of(options));
        line.add(server.user() + "@" + server.host());
        line.add(command);
        return LocalProcesses.run(line).replaceAll("(?m)^Warning: Permanently added.*\\n", "");
    }
}
