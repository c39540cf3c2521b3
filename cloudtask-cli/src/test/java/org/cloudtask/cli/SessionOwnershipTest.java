package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;
import org.cloudtask.ssh.testing.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sessions directory or a session that another user owns or can write is refused in one line (exit 2): whoever can
 * change a session chooses what its resume runs. As root the other user is a real one (created with useradd); as an
 * ordinary user, who cannot give files away, a directory everyone can write shows the same refusal.
 */
@Timeout(60)
class SessionOwnershipTest {

    @TempDir
    Path home;

    @Test
    void aSessionsDirectoryOfAnotherUserOrThatOthersCanWriteIsRefused() throws Exception {
        Path sessions = Files.createDirectory(home.resolve("shared"));
        String expected = handToAnotherUser(sessions);

        InProcessCli cli = new InProcessCli(home).stdin("x\n");
        int status = cli.run("--sessions", sessions.toString(), "echo");

        assertThat(status).as(cli.err()).isEqualTo(2);
        assertThat(cli.err().lines()).singleElement().asString()
                .startsWith("cloudtask: refusing the sessions directory " + sessions + ": it " + expected);
        try (Stream<Path> created = Files.list(sessions)) {
            assertThat(created).as("no session created").isEmpty();
        }
    }

    @Test
    void aPlantedSessionIsNeverResumed() throws Exception {
        Path sessions = home.resolve(".cloudtask");
        assertThat(new InProcessCli(home).stdin("x\n").run("--quiet", "echo")).isZero();
        Path session = sessions.resolve("1");
        Files.writeString(session.resolve("jobs"), Files.readString(session.resolve("jobs")).replace("echo", "id"));
        String expected = handToAnotherUser(session.resolve("jobs"));

        InProcessCli resume = new InProcessCli(home);
        int status = resume.run("--resume", "1");

        assertThat(status).as(resume.err() + resume.out()).isEqualTo(2);
        assertThat(resume.err().lines()).singleElement().asString()
                .startsWith("cloudtask: refusing session 1: " + session.resolve("jobs") + " " + expected);
    }

    @Test
    void newSessionsDirectoriesAreCreatedPrivate() throws Exception {
        Path sessions = home.resolve("new/sessions");

        assertThat(new InProcessCli(home).stdin("x\n").run("--quiet", "--sessions", sessions.toString(), "echo"))
                .isZero();

        for (Path dir : List.of(home.resolve("new"), sessions, sessions.resolve("1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwx------");
        }
    }

    /** Gives the path to the test user (as root), or makes it writable by everyone; returns the expected reason. */
    private static String handToAnotherUser(Path path) throws Exception {
        if (TestUser.runningAsRoot()) {
            String other = TestUser.ensure("cloudtask-other");
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(other);
            Files.setOwner(path, owner);
            return "belongs to user " + other + ", not to you";
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxrwxrwx"
                : "rw-rw-rw-"));
        return "is writable by others (mode " + (Files.isDirectory(path) ? "rwxrwxrwx" : "rw-rw-rw-") + ")";
    }
}
