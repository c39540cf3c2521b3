package org.cloudtask.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file written mostly at its end through a buffer, with occasional writes in place. Durability is the caller's:
 * {@link #flush} hands the buffer to the OS, {@link #force} puts it on disk. Thread-safe.
 */
public final class AppendFile implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long flushedEnd;
    private boolean unforced;
    private final Object forcing = new Object();

    public AppendFile(Path path, int bufferSize) throws IOException {
        this.path = path;
        this.channel = PrivateFiles.openReadWrite(path);
        this.buffer = ByteBuffer.allocate(bufferSize);
        this.flushedEnd = channel.size();
    }

    public Path path() {
        return path;
    }

    /** Appends bytes and returns the offset they start at. */
    public synchronized long append(byte[] bytes, int offset, int length) throws IOException {
        long at = size();
        if (length > buffer.remaining()) {
            flush();
            if (length > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(bytes, offset, length), flushedEnd);
                flushedEnd += length;
                unforced = true;
                return at;
            }
        }
        buffer.put(bytes, offset, length);
        return at;
    }

    public long append(byte[] bytes) throws IOException {
        return append(bytes, 0, bytes.length);
    }

    /** The file's length including what is still buffered. */
    public synchronized long size() {
        return flushedEnd + buffer.position();
    }

    /** Overwrites bytes already appended. */
    public synchronized void writeAt(long position, byte[] bytes) throws IOException {
        if (position + bytes.length > flushedEnd) flush();
        writeFully(ByteBuffer.wrap(bytes), position);
        unforced = true;
    }

    /** Cuts the file to {@code length}, e.g. to drop a torn last record. */
    public synchronized void truncate(long length) throws IOException {
        flush();
        channel.truncate(length);
        flushedEnd = length;
    }

    public synchronized void flush() throws IOException {
        if (buffer.position() == 0) return;
        buffer.flip();
        writeFully(buffer, flushedEnd);
        flushedEnd += buffer.limit();
        buffer.clear();
        unforced = true;
    }

    /**
     * Flushes and makes everything written so far durable. Why a lock of its own: writers must not wait for an fsync,
     * but a second caller must wait for the one under way (it may cover its bytes), and an fsync that fails leaves
     * the file to be forced again.
     */
    public void force() throws IOException {
        synchronized (forcing) {
            synchronized (this) {
                flush();
                if (!unforced) return;
                unforced = false;
            }
            try {
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    unforced = true;
                }
                throw e;
            }
        }
    }

    public synchronized int read(long position, ByteBuffer into) throws IOException {
        flush();
        return channel.read(into, position);
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
    }

    @Override
    public void close() throws IOException {
        try {
            force();
        } finally {
            channel.close();
        }
    }
}
