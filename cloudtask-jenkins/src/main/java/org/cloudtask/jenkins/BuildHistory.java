package org.cloudtask.jenkins;

import hudson.model.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.jenkins.support.JobTable;
import org.cloudtask.jenkins.support.PreviousRun;
import org.cloudtask.jenkins.support.ResumeDecision;
import org.cloudtask.jenkins.support.SessionLocator;

/**
 * Where a job's sessions live and what its earlier builds ran. Sessions belong to the job, not to one build, so
 * that a later build can resume them: {@code $JENKINS_HOME/jobs/<job>/cloudtask-sessions/<id>/}.
 */
final class BuildHistory {

    /** How far back a build looks for a session to resume; older unfinished sessions are left alone. */
    private static final int BUILDS_TO_SEARCH = 50;

    private BuildHistory() {
    }

    static Path sessionsDirectory(Run<?, ?> run) {
        return run.getParent().getRootDir().toPath().resolve("cloudtask-sessions");
    }

    /** Host keys that {@code accept-new} recorded for this job's workers (never the controller user's file). */
    static Path knownHosts(Run<?, ?> run) {
        return run.getParent().getRootDir().toPath().resolve("cloudtask-known_hosts");
    }

    /** The task records of earlier builds, newest first, leaving out builds still running (their sessions are locked). */
    static List<PreviousRun> earlierRuns(Run<?, ?> run, Path sessions) {
        List<PreviousRun> runs = new ArrayList<>();
        int searched = 0;
        for (Run<?, ?> earlier = run.getPreviousBuild(); earlier != null && searched < BUILDS_TO_SEARCH;
             earlier = earlier.getPreviousBuild(), searched++) {
            if (earlier.isBuilding()) continue;
            Run<?, ?> build = earlier;
            for (CloudTaskAction action : build.getActions(CloudTaskAction.class)) {
                runs.add(action.toPreviousRun(build.getNumber(), () -> locateSession(sessions, build)));
            }
        }
        return runs;
    }

    /** Copies the finished results of the build being resumed into this build's table. */
    static void carryOver(Run<?, ?> run, ResumeDecision decision, String fingerprint, JobTable table,
                          boolean retryFailed) {
        Run<?, ?> earlier = run.getParent().getBuildByNumber(decision.fromBuild());
        if (earlier == null) return;
        for (CloudTaskAction action : earlier.getActions(CloudTaskAction.class)) {
            if (action.getFingerprint().equals(fingerprint)) {
                table.carryOver(action.table(), retryFailed);
                return;
            }
        }
    }

    private static long locateSession(Path sessions, Run<?, ?> earlier) {
        OptionalLong id = SessionLocator.sessionOf(sessions, earlier.getExternalizableId(),
                sessionId -> CloudTask.savedSettings(sessions, sessionId));
        return id.orElse(0);
    }
}
