package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.List;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import org.cloudtask.core.worker.TransferFile;

/**
 * Copies the {@code --transfer} files into the session's working directory on a worker over SFTP on the worker's
 * connection, keeping file modes. Each SFTP step is bounded by a {@link StallGuard}, as {@code --return} is.
 */
final class Transfers {

    private Transfers() {
    }

    /** Creates {@code directory} (relative to the login's home; parents too) and copies {@code files} into it. */
    static void copy(Session session, String directory, List<TransferFile> files, String workerName, Duration timeout)
            throws IOException {
        ChannelSftp sftp;
        try {
            sftp = Channels.open(session, "sftp");
        } catch (JSchException e) {
            throw new IOException("cannot open SFTP to " + workerName + ": " + e.getMessage(), e);
        }
        try (StallGuard guard = new StallGuard(timeout, workerName, "SFTP", sftp::disconnect)) {
            guard.step(() -> {
                sftp.connect((int) Math.max(1, timeout.toMillis()));
                return null;
            });
            makeDirectories(sftp, guard, directory);
            for (TransferFile file : files) {
                String remote = directory + "/" + file.target();
                int slash = file.target().lastIndexOf('/');
                if (slash > 0) makeDirectories(sftp, guard, directory + "/" + file.target().substring(0, slash));
                int mode = (Integer) Files.getAttribute(file.source(), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                guard.step(() -> {
                    sftp.put(file.source().toString(), remote, ChannelSftp.OVERWRITE);
                    sftp.chmod(mode, remote);
                    return null;
                });
            }
        } catch (JSchException | SftpException e) {
            throw new IOException("copy to " + workerName + " failed: " + e.getMessage(), e);
        } finally {
            sftp.disconnect();
        }
    }

    /** {@code mkdir -p}, with the modes sshd gives new directories (its umask). */
    private static void makeDirectories(ChannelSftp sftp, StallGuard guard, String path)
            throws IOException, SftpException {
        StringBuilder prefix = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            if (prefix.length() > 0) prefix.append('/');
            prefix.append(part);
            String current = prefix.toString();
            boolean directory = guard.step(() -> {
                try {
                    return sftp.lstat(current).isDir();
                } catch (SftpException e) {
                    if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) throw e;
                    sftp.mkdir(current);
                    return true;
                }
            });
            if (!directory) throw new IOException(current + " exists on the worker and is not a directory");
        }
    }
}
