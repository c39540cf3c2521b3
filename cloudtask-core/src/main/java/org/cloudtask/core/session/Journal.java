package org.cloudtask.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session's append-only journal with group commit: callers append records without waiting; one committer thread
 * writes whatever has gathered, makes it durable with a single fsync (after the files it refers to, see
 * {@link #Journal(Path, Runnable, Runnable)}), then runs each record's {@code onDurable} action in order. A job counts
 * as done only in such an action, so its result is on disk before anyone hears of it.
 */
public final class Journal implements Closeable {

    private static final long IDLE_WAKEUP_MILLIS = 200;
    // why: writers wait when this much is waiting for the disk, so a slow disk slows the task instead of filling the heap
    private static final long MAX_WAITING_BYTES = 8L << 20;
    // why: every commit costs an fsync of the journal and of each data file written since (outputs, jobs list), about
    // six at full speed; gathering records for a few milliseconds after a commit turns thousands of fsyncs a second
    // into a few hundred. Only the console and callers of sync() wait for a commit, and sync() cuts the wait short.
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final AppendFile file;
    private final Runnable beforeSync;
    private final Runnable afterBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition durable = lock.newCondition();
    private List<byte[]> records = new ArrayList<>();
    private List<Runnable> actions = new ArrayList<>();
    private long waitingBytes;
    private long appended;
    private long committed;
    private boolean closing;
    private boolean gathering;
    private boolean urgent;
    private int syncWaiters;
    private long lastCommitNanos = System.nanoTime() - GATHER_NANOS;
    private volatile IOException failure;
    private final List<Runnable> failureListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread committer;

    /**
     * @param beforeSync makes the files that new records refer to durable (jobs list, outputs); runs on the committer
     * @param afterBatch runs after each batch's actions (flushes logs); runs on the committer
     */
    public Journal(Path path, Runnable beforeSync, Runnable afterBatch) throws IOException {
        this.file = new AppendFile(path, 256 * 1024);
        this.beforeSync = beforeSync;
        this.afterBatch = afterBatch;
        this.committer = new Thread(this::commitLoop, "cloudtask-journal");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Appends a record; {@code onDurable} (may be null) runs on the committer once the record is on disk. A null
     * {@code text} appends no record, only an action that runs in order with the others (console lines).
     */
    public void append(String text, Runnable onDurable) {
        append(text, onDurable, false);
    }

    /**
     * Appends a record that must reach the disk without the few milliseconds' gathering: the start of a job on the
     * controller's own host, whose process a resume after a crash can kill only if its record is on disk.
     */
    public void appendNow(String text) {
        append(text, null, true);
    }

    private void append(String text, Runnable onDurable, boolean now) {
        byte[] line = text == null ? null : JournalCodec.encode(text);
        lock.lock();
        try {
            if (closing) throw new IllegalStateException("journal closed");
            // why: the committer itself must never wait for the committer (an action that appends)
            while (waitingBytes > MAX_WAITING_BYTES && failure == null && Thread.currentThread() != committer) {
                durable.await(IDLE_WAKEUP_MILLIS, TimeUnit.MILLISECONDS);
            }
            records.add(line);
            if (line != null) waitingBytes += line.length;
            actions.add(onDurable);
            appended++;
            urgent |= now;
            if (!gathering || urgent || waitingBytes > MAX_WAITING_BYTES / 2) work.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the journal", e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything appended so far is durable and its actions have run. */
    public void sync(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            long target = appended;
            syncWaiters++;
            work.signal();
            try {
                while (committed < target && failure == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        // why a failure, not only this caller's timeout: a commit that does not finish must not
                        // pass for a committed one later (a run that reports success, a SYNCED record)
                        failed(new IOException("the session journal was not written within " + timeoutMillis
                                + " ms: the disk does not answer"));
                        throw failure;
                    }
                    durable.awaitNanos(left);
                }
            } finally {
                syncWaiters--;
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) throw failure;
    }

    /** Runs {@code listener} once the journal has failed (at once if it has), on the thread that saw it fail. */
    public void onFailure(Runnable listener) {
        failureListeners.add(listener);
        if (failure != null && failureListeners.remove(listener)) listener.run();
    }

    private void failed(IOException e) {
        if (failure == null) failure = e;
        for (Runnable listener : failureListeners) {
            if (failureListeners.remove(listener)) runGuarded(listener);
        }
    }

    /** Why the journal could not be written, or null. Once set, nothing more becomes durable. */
    public IOException failure() {
        return failure;
    }

    private void commitLoop() {
        while (true) {
            List<byte[]> batch;
            List<Runnable> batchActions;
            lock.lock();
            try {
                while (records.isEmpty() && !closing) {
                    work.await(IDLE_WAKEUP_MILLIS, TimeUnit.MILLISECONDS);
                }
                if (records.isEmpty()) return;
                gatherAfterLastCommit();
                batch = records;
                batchActions = actions;
                waitingBytes = 0;
                records = new ArrayList<>();
                actions = new ArrayList<>();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (!commit(batch, batchActions) || failure != null) return;
            lastCommitNanos = System.nanoTime();
        }
    }

    /** Waits, lock held, until a few milliseconds have passed since the last commit, unless someone needs it now. */
    private void gatherAfterLastCommit() throws InterruptedException {
        gathering = true;
        try {
            long left;
            while (!closing && syncWaiters == 0 && !urgent && waitingBytes <= MAX_WAITING_BYTES / 2
                    && (left = lastCommitNanos + GATHER_NANOS - System.nanoTime()) > 0) {
                work.awaitNanos(left);
            }
        } finally {
            gathering = false;
            urgent = false;
        }
    }

    private boolean commit(List<byte[]> batch, List<Runnable> batchActions) {
        try {
            beforeSync.run();
            for (byte[] line : batch) {
                if (line != null) file.append(line);
            }
            file.force();
        } catch (IOException | RuntimeException e) {
            failed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            signalDurable(0);
            return false;
        }
        for (Runnable action : batchActions) {
            if (action != null) runGuarded(action);
        }
        runGuarded(afterBatch);
        signalDurable(batch.size());
        return true;
    }

    private static void runGuarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // why: an engine bug in one action must not stop every later result from being committed
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    private void signalDurable(int count) {
        lock.lock();
        try {
            committed += count;
            durable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the committer has stopped: nothing writes the session's files any more. */
    public boolean writerStopped() {
        return !committer.isAlive();
    }

    /**
     * Commits what was appended (unless the journal failed), stops the committer and closes the file. A committer that
     * does not stop within a minute (a disk that does not answer) is left alone with its file open: see
     * {@link #writerStopped()}.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (committer.isAlive()) {
            throw new IOException("the session journal's writer did not stop within 60 s" + (failure == null ? ""
                    : " (" + failure.getMessage() + ")"));
        }
        file.close();
        if (failure != null) throw failure;
    }
}
