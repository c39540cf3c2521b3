package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

/**
 * Copies a local directory onto a worker's {@code /} over SFTP on the worker's connection, keeping file modes.
 *
 * <p>Directories that already exist on the worker keep their mode (the local copy's mode is incidental: a temporary
 * directory's 0700 must not land on the worker's /etc). Symbolic links are copied as links when they point inside the
 * overlay; any other link is refused before anything is copied.
 */
final class Overlay {

    private Overlay() {
    }

    static void copy(Session session, Path directory, String workerName, Duration timeout)
            throws IOException, InterruptedException {
        Path root = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException("overlay " + directory + " is not a directory");
        }
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.filter(path -> !path.equals(root)).sorted().toList();
        }
        for (Path entry : entries) {
            refuseEscapingLink(root, entry);
        }
        ChannelSftp sftp = openSftp(session, workerName, timeout);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                task -> new Thread(task, "cloudtask-overlay-watchdog-" + workerName));
        // why a watchdog: a single SFTP write to a hung worker can block forever; disconnecting unblocks it
        watchdog.schedule(() -> {
            timedOut.set(true);
            sftp.disconnect();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            for (Path entry : entries) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                copyEntry(sftp, root, entry);
            }
        } catch (SftpException e) {
            if (timedOut.get()) {
                throw new IOException("overlay copy to " + workerName + " did not finish within " + timeout);
            }
            throw new IOException("overlay copy to " + workerName + " failed: " + e.getMessage(), e);
        } finally {
            watchdog.shutdownNow();
            sftp.disconnect();
        }
    }

    private static void refuseEscapingLink(Path root, Path entry) throws IOException {
        if (!Files.isSymbolicLink(entry)) {
            return;
        }
        Path target = Files.readSymbolicLink(entry);
        Path resolved = entry.getParent().resolve(target).normalize();
        if (target.isAbsolute() || !resolved.startsWith(root)) {
            throw new IOException("overlay " + root + ": symlink " + root.relativize(entry) + " -> " + target
                    + " points outside the overlay; replace it with a file or a relative link inside the overlay");
        }
    }

    private static void copyEntry(ChannelSftp sftp, Path root, Path entry) throws IOException, SftpException {
        String remote = "/" + root.relativize(entry).toString().replace('\\', '/');
        if (Files.isSymbolicLink(entry)) {
            removeIfPresent(sftp, remote);
            sftp.symlink(Files.readSymbolicLink(entry).toString(), remote);
        } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            SftpATTRS existing = statOrNull(sftp, remote);
            if (existing == null) {
                sftp.mkdir(remote);
                sftp.chmod(modeOf(entry), remote);
            } else if (!existing.isDir()) {
                throw new IOException("overlay: " + remote + " exists on the worker and is not a directory");
            }
        } else {
            SftpATTRS existing = statOrNull(sftp, remote);
            if (existing != null && existing.isLink()) {
                sftp.rm(remote); // why: writing through an existing link would change a file outside the overlay
            }
            sftp.put(entry.toString(), remote, ChannelSftp.OVERWRITE);
            sftp.chmod(modeOf(entry), remote);
        }
    }

    private static void removeIfPresent(ChannelSftp sftp, String remote) throws SftpException {
        SftpATTRS existing = statOrNull(sftp, remote);
        if (existing != null) {
            if (existing.isDir()) {
                sftp.rmdir(remote);
            } else {
                sftp.rm(remote);
            }
        }
    }

    private static SftpATTRS statOrNull(ChannelSftp sftp, String remote) throws SftpException {
        try {
            return sftp.lstat(remote);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw e;
        }
    }

    /** The whole mode, setuid/setgid/sticky included (POSIX permission sets leave those out). */
    private static int modeOf(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static ChannelSftp openSftp(Session session, String workerName, Duration timeout) throws IOException {
        try {
            ChannelSftp sftp = Channels.open(session, "sftp");
            sftp.connect((int) Math.max(1, timeout.toMillis()));
            return sftp;
        } catch (JSchException e) {
            throw new IOException("cannot open SFTP to " + workerName + " for the overlay: " + e.getMessage(), e);
        }
    }
}
