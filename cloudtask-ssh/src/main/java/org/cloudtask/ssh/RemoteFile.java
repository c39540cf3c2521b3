package org.cloudtask.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * Reads one file of a worker over SFTP on the worker's existing connection (for {@code --return}); the SFTP channel
 * closes with the stream. Relative paths start at the login's home directory, where jobs run.
 *
 * <p>JSch's SFTP calls wait for the worker's answer without a timeout of their own, so each step here (opening the
 * channel, opening the file, every read) is bounded by a {@link StallGuard}: a worker that stops answering makes the
 * step fail with a {@link WorkerLostException} instead of holding the job's slot forever.
 */
final class RemoteFile extends InputStream {

    private final ChannelSftp sftp;
    private final StallGuard guard;
    private InputStream in;

    private RemoteFile(ChannelSftp sftp, StallGuard guard) {
        this.sftp = sftp;
        this.guard = guard;
    }

    static InputStream open(Session session, String path, String workerName, Duration timeout) throws IOException {
        ChannelSftp sftp;
        try {
            sftp = Channels.open(session, "sftp");
        } catch (JSchException e) {
            throw new IOException("cannot open SFTP to " + workerName + ": " + e.getMessage(), e);
        }
        StallGuard guard = new StallGuard(timeout, workerName, "SFTP", sftp::disconnect);
        RemoteFile file = new RemoteFile(sftp, guard);
        try {
            guard.step(() -> {
                sftp.connect((int) Math.max(1, timeout.toMillis()));
                return null;
            });
            file.in = guard.step(() -> sftp.get(path));
            return file;
        } catch (JSchException e) {
            file.close();
            throw new IOException("cannot open SFTP to " + workerName + ": " + e.getMessage(), e);
        } catch (SftpException e) {
            file.close();
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) throw new NoSuchFileException(path);
            throw new IOException("cannot read " + path + " on " + workerName + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return guard.step(() -> in.read(buffer, offset, length));
    }

    /**
     * Closes the channel without the SFTP CLOSE request: that request waits for the worker's answer, and sshd closes
     * the file itself when the channel goes. Never blocks on the worker, so it also unblocks a read in another thread.
     */
    @Override
    public void close() {
        guard.close();
        sftp.disconnect();
    }
}
