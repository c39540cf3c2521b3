package org.cloudtask.jenkins.support;

import java.util.Locale;
import org.cloudtask.core.engine.Summary;

/** The build result a task's summary asks for; the plugin maps it one to one onto Jenkins' {@code Result}. */
public enum BuildOutcome {
    SUCCESS, UNSTABLE, FAILURE, ABORTED;

    /**
     * SUCCESS when every job succeeded; ABORTED when the run was stopped; otherwise {@code failBuildOn}.
     * Pending jobs count as not succeeded: the build did not do all its work.
     */
    public static BuildOutcome of(Summary summary, String failBuildOn) {
        if (summary.aborted()) return ABORTED;
        if (summary.ok() == summary.total()) return SUCCESS;
        return "FAILURE".equals(failBuildOn.toUpperCase(Locale.ROOT)) ? FAILURE : UNSTABLE;
    }

    /** The one line that says why the build is not a success: the console's warning, the step's error. */
    public static String message(Summary summary) {
        return "cloudtask: " + (summary.total() - summary.ok()) + " of " + summary.total() + " jobs did not succeed ("
                + summary.failed() + " failed, " + summary.timeouts() + " timed out, " + summary.pending() + " pending)";
    }
}
