package org.cloudtask.core.engine;

import java.io.IOException;
import java.util.Map;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.local.OrphanedJobs;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.session.SessionHistory;

/**
 * Puts a session in order before a resume: attempts the last controller started but never ended (it died) are
 * recorded as LOST and their jobs are pending again, local jobs it left running are killed, and the {@code jobs} file
 * gets the results it may have missed. A job whose START record never reached the disk (the controller died between
 * starting it and the next fsync; a local job's START skips the journal's gathering to keep that short) is unknown
 * here: it runs again and its process is left alone. For {@code --retry}, failed and timed-out jobs go back to
 * pending.
 */
final class Recovery {

    private final Session session;
    private final SessionHistory history;

    Recovery(Session session) {
        this.session = session;
        this.history = session.history();
    }

    /** Returns a line for the log, or null when there was nothing to recover. */
    String recoverInterrupted() throws IOException {
        int killed = 0;
        String thisHost = org.cloudtask.core.session.Hosts.localName();
        for (Map.Entry<Long, String[]> open : history.openStarts().entrySet()) {
            long job = open.getKey();
            String[] start = open.getValue();
            killed += killLeftovers(job, start, thisHost);
            session.journal().append(JournalRecords.end(job, Integer.parseInt(start[2]), System.currentTimeMillis(),
                    "LOST", JournalRecords.AGAIN, null, start[5], Long.parseLong(start[6]), 0), null);
            history.states().move(job, JobState.PENDING);
        }
        history.forEachUnsyncedResult((result, job) -> setJobsState(job, result));
        int interrupted = history.openStarts().size();
        if (interrupted == 0) return null;
        return interrupted + " jobs were running when the last controller stopped; they run again"
                + (killed > 0 ? " (" + killed + " leftover local processes killed)" : "");
    }

    private int killLeftovers(long job, String[] start, String thisHost) {
        String pgid = start[7];
        String[] run = history.run(Integer.parseInt(start[start.length - 1]));
        if (pgid.equals("-") || run == null || !run[4].equals(thisHost)) return 0;
        return OrphanedJobs.kill(session.id(), job, Long.parseLong(pgid));
    }

    /** {@code --retry}: failed and timed-out jobs become pending. Returns how many. */
    long requeueFailed() throws IOException {
        long count = 0;
        for (JobState failed : new JobState[] {JobState.FAILED, JobState.TIMED_OUT}) {
            long next = 1;
            long[] ids;
            while ((ids = history.states().idsIn(failed, next, 4096)).length > 0) {
                for (long id : ids) {
                    // why: its input line cannot become a job however often it is tried
                    if (failed == JobState.FAILED && session.jobs().failedToBuild(id)) continue;
                    session.journal().append(JournalRecords.requeue(id), null);
                    history.states().move(id, JobState.PENDING);
                    setJobsState(id, "PENDING");
                    count++;
                }
                next = ids[ids.length - 1] + 1;
            }
        }
        return count;
    }

    private void setJobsState(long job, String state) {
        try {
            session.jobs().setState(session.jobs().jobsOffset(job), state);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
