package org.cloudtask.core.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.time.Instant;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;

/**
 * What a session's journal says happened: every job's state, attempts made and retries used, attempts that were
 * started but never ended (the controller died), and the runs that made them. Built by replaying the journal.
 */
public final class SessionHistory {

    private final JobStates states;
    private final Map<Integer, String[]> runs = new HashMap<>();
    private final Map<Long, String[]> openStarts = new HashMap<>();
    private long[] unsyncedJobs = new long[64];
    private String[] unsyncedResults = new String[64];
    private int unsynced;
    private boolean inputComplete;
    private final Map<String, LaunchedWorker> undestroyed = new java.util.LinkedHashMap<>();
    private int lastRun;
    private long intactLength;

    private SessionHistory(JobStates states, long jobCount) {
        this.states = states;
        while (states.size() < jobCount) states.add();
    }

    /**
     * Replays the journal of a session with {@code jobCount} stored jobs: from the snapshot of the last clean end
     * onwards when there is a usable one, else from the start.
     */
    public static SessionHistory replay(Path journal, long jobCount) throws IOException {
        long journalLength = Files.exists(journal) ? Files.size(journal) : 0;
        SessionSnapshot.Loaded snapshot = SessionSnapshot.read(journal.getParent(), journalLength);
        SessionHistory history;
        long from = 0;
        if (snapshot != null && snapshot.states().size() <= jobCount) {
            history = new SessionHistory(snapshot.states(), jobCount);
            history.lastRun = snapshot.lastRun();
            history.inputComplete = snapshot.inputComplete();
            from = snapshot.journalLength();
        } else {
            history = new SessionHistory(new JobStates(), jobCount);
        }
        long[] line = {0};
        history.intactLength = JournalReader.read(journal, from, text -> {
            line[0]++;
            try {
                history.apply(text.split(" "));
            } catch (RuntimeException e) {
                throw new CloudTaskException("the session journal " + journal + " has a record that does not fit"
                        + " the session at line " + line[0] + " (" + e.getMessage()
                        + "); the session cannot be resumed safely: start a new one");
            }
        });
        return history;
    }

    private void apply(String[] f) {
        switch (f[0]) {
            case JournalRecords.RUN -> {
                lastRun = Integer.parseInt(f[1]);
                runs.put(lastRun, f);
            }
            case JournalRecords.JOBS -> inputComplete = true;
            case JournalRecords.SYNCED -> unsynced = 0;
            case JournalRecords.START -> start(f);
            case JournalRecords.END -> end(f);
            case JournalRecords.REQUEUE -> states.move(Long.parseLong(f[1]), JobState.PENDING);
            case JournalRecords.INVALID -> invalid(Long.parseLong(f[1]));
            case JournalRecords.LAUNCH -> launch(f);
            default -> { } // why: records this version does not know (WORKER) do not change job states
        }
    }

    private void start(String[] f) {
        long job = Long.parseLong(f[1]);
        int attempt = Integer.parseInt(f[2]);
        if (job > states.size()) throw new IllegalArgumentException("job " + job + " is not in the jobs list");
        states.start(job, attempt);
        openStarts.put(job, withRun(f));
    }

    private String[] withRun(String[] f) {
        String[] r = Arrays.copyOf(f, f.length + 1);
        r[f.length] = Integer.toString(lastRun);
        return r;
    }

    private void end(String[] f) {
        long job = Long.parseLong(f[1]);
        openStarts.remove(job);
        String result = f[4];
        String disposition = f[5];
        if (disposition.equals(JournalRecords.FINAL)) {
            states.move(job, finalState(result));
            remember(job, result);
        } else {
            states.move(job, JobState.PENDING);
            if (disposition.equals(JournalRecords.RETRY)) states.retryUsed(job);
        }
    }

    private void invalid(long job) {
        if (job > states.size()) throw new IllegalArgumentException("job " + job + " is not in the jobs list");
        states.failToBuild(job);
        remember(job, JobsList.INVALID);
    }

    private void remember(long job, String result) {
        if (unsynced == unsyncedJobs.length) {
            unsyncedJobs = Arrays.copyOf(unsyncedJobs, unsynced * 2);
            unsyncedResults = Arrays.copyOf(unsyncedResults, unsynced * 2);
        }
        unsyncedJobs[unsynced] = job;
        // why: results repeat (EXIT=0); interning keeps a million of them to one string each
        unsyncedResults[unsynced++] = result.intern();
    }

    private void launch(String[] f) {
        String id = f[3];
        switch (f[2]) {
            case "created" -> undestroyed.put(id, new LaunchedWorker(id, null, f.length > 4 && !f[4].equals("-")
                    ? f[4] : null, Instant.ofEpochMilli(Long.parseLong(f[1]))));
            case "ready" -> undestroyed.computeIfPresent(id, (k, w) -> w.withAddress(WorkerAddressText.parse(f[4])));
            case "destroyed" -> undestroyed.remove(id);
            default -> { }
        }
    }

    /**
     * Workers launched for this session that no record says were destroyed: they may still exist and cost money.
     * (Only from the journal replayed; a snapshot is written only when there are none.)
     */
    public List<LaunchedWorker> undestroyedWorkers() {
        return new ArrayList<>(undestroyed.values());
    }

    public static JobState finalState(String result) {
        if (result.equals("EXIT=0")) return JobState.SUCCEEDED;
        if (result.equals("TIMEOUT")) return JobState.TIMED_OUT;
        if (result.equals(JobsList.INVALID)) return JobState.FAILED;
        if (result.startsWith("EXIT=")) return JobState.FAILED;
        throw new IllegalArgumentException("not a final result: " + result);
    }

    public JobStates states() {
        return states;
    }

    public int attempts(long job) {
        return states.attempts(job);
    }

    public int retriesUsed(long job) {
        return states.retriesUsed(job);
    }

    /** Jobs started but never ended, each with its START fields plus the run number last. */
    public Map<Long, String[]> openStarts() {
        return openStarts;
    }

    /** The fields of a RUN record, or null. */
    public String[] run(int run) {
        return runs.get(run);
    }

    public int lastRun() {
        return lastRun;
    }

    public boolean inputComplete() {
        return inputComplete;
    }

    /** Length of the journal's intact part; the rest was a torn last record. */
    public long intactLength() {
        return intactLength;
    }

    /**
     * Calls {@code action} with each final result recorded after the last SYNCED record, i.e. the results the
     * {@code jobs} file may not show yet.
     */
    public void forEachUnsyncedResult(java.util.function.ObjLongConsumer<String> action) {
        for (int i = 0; i < unsynced; i++) action.accept(unsyncedResults[i], unsyncedJobs[i]);
    }

}
