package org.cloudtask.cli.console;

import java.util.Locale;
import org.cloudtask.core.engine.Summary;

/** The final summary: {@code session 3 (12.3 s): 200 jobs, 198 ok, 1 failed, 1 timeouts, 0 pending}. */
public final class SummaryLine {

    private SummaryLine() {
    }

    public static String format(Summary s) {
        String line = String.format(Locale.ROOT, "session %d (%.1f s): %d jobs, %d ok, %d failed, %d timeouts, %d pending",
                s.sessionId(), s.elapsed().toMillis() / 1000.0, s.total(), s.ok(), s.failed(), s.timeouts(),
                s.pending());
        if (s.aborted()) line += " (aborted)";
        else if (s.stopReason() != null) line += " (stopped: " + s.stopReason() + ")";
        return line;
    }

    /** The command that finishes the session, or null when nothing is left to do. */
    public static String resumeHint(Summary s) {
        if (s.pending() == 0) return null;
        return "to run the " + s.pending() + " pending jobs: cloudtask --resume " + s.sessionId();
    }
}
