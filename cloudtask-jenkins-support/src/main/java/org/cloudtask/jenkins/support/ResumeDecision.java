package org.cloudtask.jenkins.support;

/**
 * How a build runs its task: afresh, or by resuming an earlier build's session.
 *
 * @param mode        what to do
 * @param sessionId   the session to resume or retry; 0 for a fresh start
 * @param fromBuild   the build whose session it is; 0 for a fresh start
 */
public record ResumeDecision(Mode mode, long sessionId, int fromBuild) {

    public enum Mode {
        /** A new session with every input. */
        FRESH,
        /** Run the pending jobs of an earlier session. */
        RESUME,
        /** Re-queue the failed and timed-out jobs of an earlier session, then run its pending ones. */
        RETRY
    }

    public static ResumeDecision fresh() {
        return new ResumeDecision(Mode.FRESH, 0, 0);
    }

    public String describe() {
        return switch (mode) {
            case FRESH -> "starting a new session";
            case RESUME -> "resuming session " + sessionId + " left unfinished by build #" + fromBuild;
            case RETRY -> "retrying the failed jobs of session " + sessionId + " from build #" + fromBuild;
        };
    }
}
