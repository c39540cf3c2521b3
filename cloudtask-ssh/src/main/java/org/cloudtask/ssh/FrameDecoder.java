package org.cloudtask.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Splits the runner's stdout into frames as JSch pushes bytes in. Output payloads are passed on piece by piece as
 * they arrive (a job's output is streamed, never held back until its frame is complete); other frames are small and
 * handed over whole.
 */
final class FrameDecoder extends OutputStream {

    interface Listener {
        void output(int jobId, byte[] bytes, int offset, int length);

        void frame(char type, int jobId, byte[] payload) throws IOException;

        /** The runner's stdout ended: the runner exited or the connection broke. */
        void closed();
    }

    private static final int MAX_CONTROL_PAYLOAD = 4096;

    private final Listener listener;
    private final byte[] header = new byte[RunnerFrames.HEADER_LENGTH];
    private int headerFill;
    private char type;
    private int jobId;
    private long remaining;
    private final ByteArrayOutputStream control = new ByteArrayOutputStream();
    private final AtomicBoolean closed = new AtomicBoolean();

    FrameDecoder(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            if (headerFill < header.length) {
                int take = Math.min(header.length - headerFill, end - position);
                System.arraycopy(bytes, position, header, headerFill, take);
                headerFill += take;
                position += take;
                if (headerFill == header.length) {
                    beginFrame();
                }
                continue;
            }
            int take = (int) Math.min(remaining, end - position);
            if (type == RunnerFrames.OUTPUT) {
                listener.output(jobId, bytes, position, take);
            } else {
                control.write(bytes, position, take);
            }
            position += take;
            remaining -= take;
            if (remaining == 0) {
                endFrame();
            }
        }
    }

    private void beginFrame() throws IOException {
        type = (char) (header[0] & 0xff);
        jobId = ((header[1] & 0xff) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        remaining = ((long) (header[5] & 0xff) << 24) | ((header[6] & 0xff) << 16) | ((header[7] & 0xff) << 8)
                | (header[8] & 0xff);
        if (type != RunnerFrames.OUTPUT && remaining > MAX_CONTROL_PAYLOAD) {
            throw new IOException("runner protocol error: frame '" + type + "' of " + remaining + " bytes");
        }
        if (remaining == 0) {
            endFrame();
        }
    }

    private void endFrame() throws IOException {
        headerFill = 0;
        if (type != RunnerFrames.OUTPUT) {
            byte[] payload = control.toByteArray();
            control.reset();
            listener.frame(type, jobId, payload);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            listener.closed();
        }
    }
}
