package org.cloudtask.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/** A short command on its own exec channel, bounded by a timeout: pings and kills, never jobs. */
final class RemoteExec {

    /** What a finished short command left behind. */
    record Result(int exitCode, String output) {
    }

    private static final long POLL_MILLIS = 2;

    private RemoteExec() {
    }

    /**
     * Runs {@code command} through the login shell and waits for it to finish.
     *
     * @throws IOException when the channel cannot be opened or the command does not finish within {@code timeout}
     */
    static Result run(Session session, String command, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChannelExec channel;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            channel = Channels.open(session, "exec");
            channel.setCommand(command);
            channel.setOutputStream(output, true);
            channel.setExtOutputStream(output, true);
            channel.connect(millisLeft(deadline));
        } catch (JSchException e) {
            throw new IOException("cannot open a channel: " + e.getMessage(), e);
        }
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() >= deadline) {
                    throw new IOException("no answer within " + timeout.toMillis() + " ms");
                }
                Thread.sleep(POLL_MILLIS);
            }
            synchronized (output) {
                return new Result(channel.getExitStatus(), output.toString(StandardCharsets.UTF_8).strip());
            }
        } finally {
            channel.disconnect();
        }
    }

    private static int millisLeft(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new IOException("no time left to open a channel");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
