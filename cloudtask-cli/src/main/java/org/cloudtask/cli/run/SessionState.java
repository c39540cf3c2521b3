package org.cloudtask.cli.run;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cloudtask.core.report.SessionReport;
import org.cloudtask.core.session.JournalReader;
import org.cloudtask.core.session.JournalRecords;

/**
 * A session's state in one word: {@code running} (a controller holds it now), {@code finished} (every job has a
 * result), {@code aborted} (its last controller stopped cleanly with jobs pending: a signal or --halt) or
 * {@code crashed} (its last controller died: no SYNCED record after its last RUN record).
 */
public final class SessionState {

    private SessionState() {
    }

    public static String of(SessionReport report) throws IOException {
        if (report.state() == SessionReport.State.RUNNING) return "running";
        if (report.state() == SessionReport.State.FINISHED) return "finished";
        AtomicBoolean endedCleanly = new AtomicBoolean();
        JournalReader.read(report.directory().resolve("journal"), record -> {
            if (record.startsWith(JournalRecords.RUN + " ")) endedCleanly.set(false);
            if (record.equals(JournalRecords.SYNCED)) endedCleanly.set(true);
        });
        return endedCleanly.get() ? "aborted" : "crashed";
    }
}
