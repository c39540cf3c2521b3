package org.cloudtask.core.engine;

import org.cloudtask.core.text.Counted;

/**
 * The final line of a run: {@code session 3 done (12 s): 200 jobs, 198 ok, 1 failed, 1 timeout, 0 pending}. "done"
 * only when every job has a result; otherwise "aborted" (a signal or an abort request) or "stopped" followed by why
 * ({@code --halt}, every worker gone), so that the one line a quiet run prints says how it ended.
 */
final class SummaryLine {

    private SummaryLine() {
    }

    /** @param why why the run stopped before every job had a result, or null */
    static String of(Summary s, String why) {
        String how = s.aborted() ? "aborted" : s.pending() > 0 || s.inputIncomplete() ? "stopped" : "done";
        return "session " + s.sessionId() + " " + how + " (" + s.elapsed().toSeconds() + " s): "
                + Counted.of(s.total(), "job") + ", " + s.ok() + " ok, " + s.failed() + " failed, "
                + Counted.of(s.timeouts(), "timeout") + ", " + s.pending() + " pending"
                + (s.lost() > 0 ? ", " + Counted.of(s.lost(), "attempt") + " lost with their worker" : "")
                + (!s.aborted() && s.pending() > 0 && why != null ? ": " + why : "");
    }
}
