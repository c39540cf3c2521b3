package org.cloudtask.cli.options;

import org.cloudtask.cli.UsageException;
import org.cloudtask.cli.run.ReportHook;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/** {@code --report sh:CMD} or {@code --report mail:FROM TO...}: what to do when a session's run ends. Saved with it. */
public final class ReportOptions implements SettingsContributor {

    /** The key of the report in the saved settings. */
    public static final String REPORT = "report";

    @Option(names = "--report", paramLabel = "sh:CMD|mail:FROM TO...",
            description = "At the end of the run: sh:CMD runs CMD in the session's directory with CLOUDTASK_SESSION, "
                    + "CLOUDTASK_TOTAL, CLOUDTASK_OK, CLOUDTASK_FAILED, CLOUDTASK_PENDING; mail:FROM TO... mails the "
                    + "summary with sendmail. Its failure is logged and never changes the exit status.")
    String report;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (report == null || !given.has("--report")) return;
        String problem = ReportHook.check(report);
        if (problem != null) throw new UsageException(problem);
        settings.frontEnd().put(REPORT, report);
    }
}
