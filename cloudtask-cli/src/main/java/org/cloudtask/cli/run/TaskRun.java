package org.cloudtask.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cloudtask.cli.ExitCodes;
import org.cloudtask.cli.console.Console;
import org.cloudtask.cli.console.ConsoleEvents;
import org.cloudtask.cli.console.FanOutEvents;
import org.cloudtask.cli.console.JobLog;
import org.cloudtask.cli.console.SummaryLine;
import org.cloudtask.cli.options.OutputOptions;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskEvents;
import org.cloudtask.core.engine.TaskSettings;

/**
 * One run of the engine from the command line: wires the console, the joblog and the signal handlers to a
 * {@link CloudTask}, runs it, prints the summary and decides the exit status.
 */
public final class TaskRun {

    private final Path sessions;
    private final Console console;
    private final boolean quiet;
    private final WorkerTransports transports;

    public TaskRun(Path sessions, Console console, boolean quiet, WorkerTransports transports) {
        this.sessions = sessions;
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
        TaskSettings effective = overrides.apply(CloudTask.savedSettings(sessions, id));
        return execute(effective, task -> retry ? task.retry(id, overrides) : task.resume(id, overrides));
    }

    private int execute(TaskSettings settings, Function<CloudTask, Summary> work) {
        List<TaskEvents> listeners = new ArrayList<>(List.of(new ConsoleEvents(console, quiet)));
        try (JobLog joblog = openJobLog(settings)) {
            if (joblog != null) listeners.add(joblog);
            CloudTask task = CloudTask.builder()
                    .sessionsDirectory(sessions)
                    .transport(transports.forSettings(settings))
                    .events(new FanOutEvents(listeners))
                    .build();
            Summary summary;
            int signalStatus;
            try (SignalAborter signals = SignalAborter.install(task::abort, console)) {
                summary = work.apply(task);
                signalStatus = signals.signalStatus();
            }
            report(summary);
            return ExitCodes.forSummary(summary, signalStatus);
        } catch (IOException e) {
            throw new CloudTaskException("cannot write the joblog: " + e.getMessage() + "; check the --joblog path", e);
        }
    }

    private void report(Summary summary) {
        console.stopProgress();
        console.line(SummaryLine.format(summary));
        String hint = SummaryLine.resumeHint(summary);
        if (hint != null) console.line(hint);
    }

    private static JobLog openJobLog(TaskSettings settings) throws IOException {
        Path file = OutputOptions.joblog(settings);
        return file == null ? null : JobLog.appendingTo(file);
    }
}
