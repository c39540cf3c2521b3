package org.cloudtask.jenkins.support;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a build resumes an earlier build's session. Only the newest earlier build that ran the same task
 * (same fingerprint) counts: once a build has run it, older builds' sessions are superseded.
 */
public final class ResumeMatcher {

    private ResumeMatcher() {
    }

    /**
     * @param earlierRuns the task records of finished earlier builds, newest first (builds still running are left
     *                    out by the caller: their sessions are locked)
     */
    public static ResumeDecision decide(String fingerprint, boolean resume, boolean retryFailed,
                                        List<PreviousRun> earlierRuns) {
        if (!resume) return ResumeDecision.fresh();
        Optional<PreviousRun> latest = earlierRuns.stream()
                .filter(r -> r.fingerprint().equals(fingerprint))
                .findFirst();
        if (latest.isEmpty() || latest.get().sessionId() <= 0) return ResumeDecision.fresh();
        PreviousRun run = latest.get();
        if (retryFailed && (!run.finished() || run.failed() > 0)) {
            return new ResumeDecision(ResumeDecision.Mode.RETRY, run.sessionId(), run.buildNumber());
        }
        // why: a build that died with the controller recorded no counts; its session may well have pending jobs
        if (!run.finished() || run.pending() > 0) {
            return new ResumeDecision(ResumeDecision.Mode.RESUME, run.sessionId(), run.buildNumber());
        }
        return ResumeDecision.fresh();
    }
}
