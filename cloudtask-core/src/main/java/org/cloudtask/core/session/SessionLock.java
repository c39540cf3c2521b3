package org.cloudtask.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cloudtask.core.engine.CloudTaskException;

/**
 * Keeps a second controller off a session. An OS file lock on {@code lock} (released by the kernel when its holder
 * dies, so a stale lock from a dead controller is taken over without asking) plus the holder's {@code pid host} in
 * the file, for the error message.
 *
 * <p>Within one JVM (a Jenkins controller runs many builds) a second task is refused before it opens the file: the
 * OS lock is an fcntl lock, and closing ANY channel this process has on the file would drop it.
 */
public final class SessionLock implements Closeable {

    // why: lock files held by this JVM, so a second acquire never opens (and so never closes) the held file
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private SessionLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static SessionLock acquire(Path sessionDir, long sessionId) throws IOException {
        Path file = sessionDir.toAbsolutePath().normalize().resolve("lock");
        if (!HELD_IN_THIS_JVM.add(file)) {
            throw inUse(sessionId, "pid " + ProcessHandle.current().pid() + " on host " + Hosts.localName());
        }
        try {
            return lockFile(file, sessionId);
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(file);
            throw e;
        }
    }

    private static SessionLock lockFile(Path file, long sessionId) throws IOException {
        FileChannel channel = PrivateFiles.openReadWrite(file);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw inUse(sessionId, holder);
        }
        byte[] me = (ProcessHandle.current().pid() + " " + Hosts.localName() + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        return new SessionLock(file, channel, lock);
    }

    private static CloudTaskException inUse(long sessionId, String holder) {
        return new CloudTaskException("session " + sessionId + " is in use by another controller (" + holder
                + "); wait for it to finish or stop it first");
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        channel.read(buf, 0);
        String[] parts = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip().split(" ", 2);
        if (parts.length < 2) return "holder unknown";
        return "pid " + parts[0] + " on host " + parts[1];
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD_IN_THIS_JVM.remove(file);
        }
    }
}
