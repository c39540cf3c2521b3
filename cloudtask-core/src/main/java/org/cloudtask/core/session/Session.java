package org.cloudtask.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.job.JobStates;

/**
 * One session opened by this controller: its lock, settings, jobs list, journal, log, outputs and optional
 * GNU-parallel job log. See docs/session-format.md for the layout.
 */
public final class Session implements Closeable {

    private final long id;
    private final Path dir;
    private final SessionLock lock;
    private final JobsList jobs;
    private final SessionHistory history;
    private final int run;
    private final AppendFile log;
    private final JobLog jobLog;
    private final List<AppendFile> outputs = new CopyOnWriteArrayList<>();
    private final Journal journal;
    private final FailedInputs failed;
    private boolean closed;
    private volatile JobStates states;
    private volatile boolean inputComplete;

    private Session(long id, Path dir, SessionLock lock, TaskSettings settings, boolean resuming) throws IOException {
        this.id = id;
        this.dir = dir;
        this.lock = lock;
        this.jobs = new JobsList(dir, settings.inputMode().separator());
        this.failed = new FailedInputs(dir, jobs, settings.command() == null
                || settings.inputMode() == org.cloudtask.core.input.InputMode.WORDS);
        this.history = resuming ? SessionHistory.replay(dir.resolve("journal"), jobs.count()) : null;
        this.inputComplete = resuming && history.inputComplete();
        this.run = resuming ? history.lastRun() + 1 : 1;
        PrivateFiles.createDirectory(dir.resolve("output"));
        this.log = new AppendFile(dir.resolve("log"), 64 * 1024);
        this.jobLog = settings.jobLog() == null ? null : JobLog.open(settings.jobLog(), resuming);
        if (resuming) {
            AppendFile journalFile = new AppendFile(dir.resolve("journal"), 16);
            journalFile.truncate(history.intactLength());
            journalFile.close();
        }
        this.journal = new Journal(dir.resolve("journal"), this::forceDataFiles, this::flushLogs);
    }

    /** Creates the next session for a new task. */
    public static Session create(SessionsDirectory sessions, TaskSettings settings) {
        long id = sessions.createNext();
        Path dir = sessions.directory(id);
        try {
            SessionLock lock = SessionLock.acquire(dir, id);
            SettingsFile.save(dir.resolve("settings"), settings);
            return new Session(id, dir, lock, settings, false);
        } catch (IOException e) {
            throw new CloudTaskException("cannot write session " + id + " in " + dir + " (" + e.getMessage()
                    + "); check the disk and the directory's permissions");
        }
    }

    /**
     * Opens an existing session to resume it: takes the lock, replays the journal (ignoring a torn last record),
     * saves the settings the resume runs with.
     */
    public static Session resume(SessionsDirectory sessions, long id, TaskSettings settings) {
        Path dir = sessions.existing(id);
        for (String required : new String[] {"journal", "jobs", "index", "inputs"}) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new CloudTaskException("session " + id + " has no " + required + " file (" + dir.resolve(required)
                        + "); without it the session cannot be resumed safely: start a new one");
            }
        }
        SessionLock lock = null;
        try {
            lock = SessionLock.acquire(dir, id);
            PrivateFiles.makePrivate(dir);
            SettingsFile.save(dir.resolve("settings"), settings);
            return new Session(id, dir, lock, settings, true);
        } catch (IOException e) {
            closeQuietly(lock);
            throw new CloudTaskException("cannot open session " + id + " in " + dir + " (" + e.getMessage()
                    + "); check the disk and the directory's permissions");
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /** The saved settings of a session. */
    public static TaskSettings settings(SessionsDirectory sessions, long id) {
        Path file = sessions.existing(id).resolve("settings");
        try {
            return SettingsFile.load(file);
        } catch (IOException | RuntimeException e) {
            throw new CloudTaskException("cannot read the settings of session " + id + " (" + file + ": "
                    + e.getMessage() + "); the session cannot be resumed");
        }
    }

    /** See {@code CloudTask.launchedNotDestroyed}: read-only, no lock. */
    public static List<org.cloudtask.core.provision.LaunchedWorker> launchedNotDestroyed(SessionsDirectory sessions,
                                                                                        long id) {
        Path dir = sessions.existing(id);
        try {
            long jobs = Files.exists(dir.resolve("index")) ? Files.size(dir.resolve("index")) / 16 : 0;
            return SessionHistory.replay(dir.resolve("journal"), jobs).undestroyedWorkers();
        } catch (IOException e) {
            throw new CloudTaskException("cannot read the journal of session " + id + " (" + e.getMessage() + ")");
        }
    }

    public long id() { return id; }
    public Path directory() { return dir; }
    public JobsList jobs() { return jobs; }
    public Journal journal() { return journal; }
    /** What the journal said before this run, or null for a new session. */
    public SessionHistory history() { return history; }
    /** This controller's run of the session: 1 for the run that created it, then one more per resume. */
    public int run() { return run; }
    public JobLog jobLog() { return jobLog; }
    /** The {@code failed} file: input lines of failed and timed-out jobs. */
    public FailedInputs failed() { return failed; }

    /** A new output file for one worker slot of this run, {@code output/<run>-<slot>}. */
    public AppendFile newOutput(int slot) throws IOException {
        AppendFile file = new AppendFile(outputPath(run, slot), 64 * 1024);
        outputs.add(file);
        return file;
    }

    /** The name START and END records use for an output file. */
    public static String outputName(int run, int slot) {
        return run + "-" + slot;
    }

    public Path outputPath(int run, int slot) {
        return dir.resolve("output").resolve(outputName(run, slot));
    }

    /**
     * The job states of this run; at a clean close they are saved as a snapshot, so the next resume need not replay
     * the whole journal.
     */
    public void keepStates(JobStates value) {
        states = value;
    }

    /** Whether the input was read to its end, in this run or an earlier one. */
    public boolean inputComplete() {
        return inputComplete;
    }

    /** The input was read to its end (a JOBS record was written). */
    public void markInputComplete() {
        inputComplete = true;
    }

    /** Appends a line to the session log (what the console showed). */
    public void log(String line) {
        try {
            log.append((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void forceDataFiles() {
        try {
            jobs.force();
            for (AppendFile output : outputs) output.force();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void flushLogs() {
        try {
            log.flush();
            if (jobLog != null) jobLog.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Commits the journal, marks the {@code jobs} file as up to date, closes every file and releases the lock (see
     * {@link #closeFiles()}). Throws when the journal failed or its last commit did not finish.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        IOException problem = null;
        try {
            if (journal.failure() == null) {
                journal.sync(60_000);
                jobs.force();
                journal.append(JournalRecords.synced(), null);
            }
        } catch (IOException e) {
            problem = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.close();
            // why: a job still RUNNING has an open START the snapshot cannot carry; then the next resume replays all.
            // Never after a journal failure: the states would hold results the journal does not
            if (problem == null && states != null && states.count(org.cloudtask.core.job.JobState.RUNNING) == 0) {
                SessionSnapshot.write(dir, Files.size(dir.resolve("journal")), states, run, inputComplete);
            }
        } catch (IOException e) {
            if (problem == null) problem = e;
        } finally {
            closeFiles();
        }
        if (problem != null) throw problem;
    }

    /**
     * Closes every file and releases the lock, but only once the journal's writer has stopped: while it may still
     * write (a disk that does not answer), the files stay open and the session locked until this process ends.
     */
    private void closeFiles() {
        if (journal.writerStopped()) {
            for (AppendFile output : outputs) closeQuietly(output);
            closeQuietly(log);
            closeQuietly(jobLog);
            closeQuietly(failed);
            closeQuietly(jobs);
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            // why: closing is best effort once the journal, the record that matters, is committed
        }
    }

    static boolean exists(Path dir) {
        return Files.isDirectory(dir);
    }
}
