package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerLostException;
import org.cloudtask.ssh.testing.BlackholeProxy;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --return} files read over SFTP from a worker behind a network that goes silent (127.0.6.x). */
// why a separate thread: a read blocked on a silent worker ignores interrupts, so only that way does a hang fail
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReturnedFileFaultsTest {

    @TempDir
    Path temp;

    private OpenSshServer worker;
    private BlackholeProxy network;
    private WorkerConnection connection;
    // why in the home directory: the worker's sshd logs in as the test's user, and relative paths start there
    private final Path dir = Path.of(System.getProperty("user.home"), ".cache", "cloudtask-return-test-" + UUID.randomUUID());

    @BeforeEach
    void connect() throws Exception {
        worker = OpenSshServer.start("127.0.6.10");
        network = BlackholeProxy.inFrontOf(worker, "127.0.6.11");
        connection = SshTransport.create(TestWorkers.settingsFor(worker, temp.resolve("known_hosts"))
                        .connectTimeout(Duration.ofSeconds(2)).build())
                .connect(network.workerAddress(worker.user()).withHostKey(worker.hostPublicKey()));
        Files.createDirectories(dir);
        // why /dev/zero: a file that never ends, so the copy is still under way whenever the network goes silent
        Files.createSymbolicLink(dir.resolve("endless"), Path.of("/dev/zero"));
    }

    @AfterEach
    void stop() throws IOException {
        if (connection != null) connection.close();
        network.close();
        worker.close();
        Files.deleteIfExists(dir.resolve("endless"));
        Files.deleteIfExists(dir);
    }

    private String endless() {
        return Path.of(System.getProperty("user.home")).relativize(dir.resolve("endless")).toString();
    }

    @Test
    void readingAFileFromAWorkerThatStopsAnsweringMidCopyFailsAsLostInsteadOfHanging() throws Exception {
        try (InputStream in = connection.openFile(endless())) {
            byte[] buffer = new byte[64 * 1024];
            assertThat(in.read(buffer)).isPositive();

            network.dropEverything();

            assertThatThrownBy(() -> {
                while (in.read(buffer) >= 0) {
                    // why keep reading: what had arrived before the silence is still delivered
                }
            }).isInstanceOf(WorkerLostException.class)
                    .hasMessageContaining("stopped answering: no SFTP reply within 2 s (--connect-timeout)");
        }
    }

    @Test
    void openingAFileOnAWorkerThatStoppedAnsweringFailsAsLostInsteadOfHanging() {
        network.dropEverything();

        assertThatThrownBy(() -> connection.openFile(endless()).close())
                .isInstanceOf(WorkerLostException.class).hasMessageContaining("stopped answering");
    }
}
