package org.cloudtask.cli.run;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cloudtask.cli.ExitCodes;
import org.cloudtask.cli.console.Console;
import org.cloudtask.cli.console.ConsoleEvents;
import org.cloudtask.cli.console.ProgressTicker;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.provision.Provisioner;

/**
 * One run of the engine from the command line: wires the console and the signal handlers to a {@link CloudTask},
 * runs it, finishes the console (summary, the command that resumes) and decides the exit status.
 */
public final class TaskRun {

    private final Path sessions;
    private final String sessionsOption;
    private final Console console;
    private final boolean quiet;
    private final WorkerTransports transports;

    /**
     * @param sessionsOption the {@code --sessions DIR} words a resume command needs, or "" when the default (or
     *                       {@code $CLOUDTASK_SESSIONS}) finds the session again
     */
    public TaskRun(Path sessions, String sessionsOption, Console console, boolean quiet,
                   WorkerTransports transports) {
        this.sessions = sessions;
        this.sessionsOption = sessionsOption;
        this.console = console;
        this.quiet = quiet;
        this.transports = transports;
    }

    /** A new session for these inputs. */
    public int start(TaskSettings settings, InputStream inputs) {
        return execute(settings, task -> task.run(settings, inputs));
    }

    /** Continues session {@code id}; {@code retry} first re-queues its failed and timed-out jobs. */
    public int resume(long id, boolean retry, UnaryOperator<TaskSettings> overrides) {
        // why: the saved settings decide the transport (local or SSH workers) before the engine starts
        TaskSettings effective = overrides.apply(CloudTask.savedSettings(sessions, id));
        return execute(effective, task -> retry ? task.retry(id, overrides) : task.resume(id, overrides));
    }

    private int execute(TaskSettings settings, Function<CloudTask, Summary> work) {
        ConsoleEvents events = new ConsoleEvents(console, quiet,
                org.cloudtask.cli.console.LiveOutput.forMode(settings.frontEnd().get(
                        org.cloudtask.cli.console.LiveOutput.SETTING), console));
        Provisioner provisioner = Provisioners.forTask(settings.frontEnd(), console::line);
        AtomicBoolean launchBegan = new AtomicBoolean();
        CloudTask task = CloudTask.builder()
                .sessionsDirectory(sessions)
                .transport(transports.forSettings(settings))
                .provisioner(LaunchStartWatch.watch(provisioner, launchBegan))
                .events(events)
                .build();
        Summary summary;
        int signalStatus;
        try (SignalAborter signals = SignalAborter.install(task::abort,
                () -> launchBegan.get() || events.heardFromEngine(), console);
             ProgressTicker ticker = ProgressTicker.start(console, task::progress)) {
            summary = work.apply(task);
            signalStatus = signals.signalStatus();
        } finally {
            console.stopProgress();
            Provisioners.close(provisioner);
        }
        if (quiet && events.summary() != null) console.line(events.summary());
        String report = settings.frontEnd().get(org.cloudtask.cli.options.ReportOptions.REPORT);
        if (report != null) {
            new ReportHook(report, console::line).run(summary, sessions.resolve(Long.toString(summary.sessionId())));
        }
        if (summary.pending() > 0) {
            String jobs = summary.pending() == 1 ? "the pending job" : "the " + summary.pending() + " pending jobs";
            console.line("to run " + jobs + ": cloudtask " + sessionsOption + "--resume " + summary.sessionId());
        }
        return ExitCodes.forSummary(summary, signalStatus);
    }
}
