package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay copied onto a real OpenSSH worker's root. The worker is this machine, so the overlay's tree is rooted
 * in a scratch directory (overlay/tmp/...) to land in a fresh directory under /tmp.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverlayTest {

    @TempDir
    Path overlay;

    private OpenSshServer worker;
    private WorkerConnection connection;
    private Path landing;

    @BeforeEach
    void connect() throws Exception {
        worker = OpenSshServer.start("127.0.0.64");
        connection = SshTransport.create(TestWorkers.settingsFor(worker, worker.directory().resolve("kh")).build())
                .connect(worker.workerAddress());
        landing = Path.of("/tmp", "cloudtask-overlay-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    @AfterEach
    void stop() throws IOException {
        connection.close();
        worker.close();
        if (Files.exists(landing)) {
            try (var files = Files.walk(landing)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path inOverlay(String relative) {
        return overlay.resolve(landing.toString().substring(1)).resolve(relative);
    }

    @Test
    void copiesFilesAndDirectoriesKeepingModesAndInsideLinks() throws Exception {
        Path tool = inOverlay("bin/tool");
        Files.createDirectories(tool.getParent());
        Files.writeString(tool, "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
        Path secret = Files.writeString(inOverlay("secret.conf"), "x=1\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(tool.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.createSymbolicLink(inOverlay("current"), Path.of("bin/tool"));

        connection.copyOverlay(overlay, Duration.ofSeconds(30));

        assertThat(landing.resolve("bin/tool")).hasContent("#!/bin/sh\necho tool");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(landing.resolve("bin/tool"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(landing.resolve("secret.conf"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(landing.resolve("bin"))))
                .isEqualTo("rwx--x--x");
        assertThat(Files.readSymbolicLink(landing.resolve("current"))).isEqualTo(Path.of("bin/tool"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("/tmp"))))
                .isEqualTo("rwxrwxrwx");
    }

    @Test
    void copyingAgainReplacesFiles() throws Exception {
        Path file = inOverlay("data");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "one");
        connection.copyOverlay(overlay, Duration.ofSeconds(30));
        Files.writeString(file, "two");

        connection.copyOverlay(overlay, Duration.ofSeconds(30));

        assertThat(landing.resolve("data")).hasContent("two");
    }

    @Test
    void refusesLinksPointingOutsideTheOverlayBeforeCopyingAnything() throws Exception {
        Files.createDirectories(inOverlay("etc"));
        Files.writeString(inOverlay("a-file"), "a");
        Files.createSymbolicLink(inOverlay("etc/passwd"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> connection.copyOverlay(overlay, Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("symlink " + landing.toString().substring(1) + "/etc/passwd -> /etc/passwd "
                        + "points outside the overlay");
        assertThat(landing).doesNotExist();
    }

    @Test
    void refusesRelativeLinksThatClimbOutOfTheOverlay() throws Exception {
        Files.createDirectories(inOverlay("x"));
        Files.createSymbolicLink(inOverlay("x/up"), Path.of("../../../../../../etc/shadow"));

        assertThatThrownBy(() -> connection.copyOverlay(overlay, Duration.ofSeconds(30)))
                .hasMessageContaining("points outside the overlay");
    }
}
