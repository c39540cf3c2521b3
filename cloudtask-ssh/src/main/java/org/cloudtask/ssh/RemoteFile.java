package org.cloudtask.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

/**
 * Reads one file of a worker over SFTP on the worker's existing connection (for {@code --return}); the SFTP channel
 * closes with the stream. Relative paths start at the login's home directory, where jobs run.
 */
final class RemoteFile {

    private RemoteFile() {
    }

    static InputStream open(Session session, String path, String workerName, Duration timeout) throws IOException {
        ChannelSftp sftp;
        try {
            sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect((int) Math.max(1, timeout.toMillis()));
        } catch (JSchException e) {
            throw new IOException("cannot open SFTP to " + workerName + ": " + e.getMessage(), e);
        }
        try {
            return new FilterInputStream(sftp.get(path)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        sftp.disconnect();
                    }
                }
            };
        } catch (SftpException e) {
            sftp.disconnect();
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) throw new NoSuchFileException(path);
            throw new IOException("cannot read " + path + " on " + workerName + ": " + e.getMessage(), e);
        }
    }
}
