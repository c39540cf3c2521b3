package org.cloudtask.core.engine;

import java.io.IOException;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.session.SessionHistory;

/**
 * Queues a resumed session's pending jobs in id order, reading each from the session's jobs list as it goes, so a
 * million-job session with a thousand pending reads only those thousand.
 */
final class PendingFeeder implements Runnable {

    private static final int CHUNK = 1024;

    private final TaskRun run;
    private final SessionHistory history;

    PendingFeeder(TaskRun run, SessionHistory history) {
        this.run = run;
        this.history = history;
    }

    @Override
    public void run() {
        try {
            long next = 1;
            while (!run.aborting()) {
                long[] ids = run.states().idsIn(JobState.PENDING, next, CHUNK);
                if (ids.length == 0) break;
                for (long id : ids) {
                    org.cloudtask.core.session.JobsList.StoredJob stored = run.session().jobs().read(id);
                    // why: its INVALID record did not reach the disk before the last controller stopped
                    if (stored.job().failedToBuild()) {
                        run.recorder().buildFailed(stored);
                        run.finalResult(true);
                        continue;
                    }
                    QueuedJob job = new QueuedJob(stored, history.attempts(id) + 1, history.retriesUsed(id));
                    if (!run.queue().feed(job)) return;
                }
                next = ids[ids.length - 1] + 1;
            }
        } catch (IOException e) {
            run.recorder().line("cannot read the session's jobs: " + e.getMessage());
            run.stop("the session's jobs list could not be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run.queue().feedEnded();
        }
    }
}
