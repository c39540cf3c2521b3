package org.cloudtask.core.engine;

/** The final line of a run: {@code session 3 (12 s): 200 jobs, 198 ok, 1 failed, 1 timeouts, 0 pending}. */
final class SummaryLine {

    private SummaryLine() {
    }

    static String of(Summary s) {
        String how = s.aborted() ? "aborted" : "done";
        return "session " + s.sessionId() + " " + how + " (" + s.elapsed().toSeconds() + " s): " + s.total()
                + " jobs, " + s.ok() + " ok, " + s.failed() + " failed, " + s.timeouts() + " timeouts, " + s.pending()
                + " pending" + (s.lost() > 0 ? ", " + s.lost() + " attempts lost with their worker" : "")
                + (s.aborted() && s.pending() > 0 ? "; resume with --resume " + s.sessionId() : "");
    }
}
