package org.cloudtask.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cloudtask.cli.console.Console;
import org.cloudtask.cli.options.BatchOptions;
import org.cloudtask.cli.options.CloudOptions;
import org.cloudtask.cli.options.ConnectOptions;
import org.cloudtask.cli.options.GivenOptions;
import org.cloudtask.cli.options.InputOptions;
import org.cloudtask.cli.options.JobOptions;
import org.cloudtask.cli.options.OutputOptions;
import org.cloudtask.cli.options.ReturnOptions;
import org.cloudtask.cli.options.ReportOptions;
import org.cloudtask.cli.options.SessionOptions;
import org.cloudtask.cli.options.SettingsContributor;
import org.cloudtask.cli.options.TransferOptions;
import org.cloudtask.cli.options.WorkerOptions;
import org.cloudtask.cli.run.JobInputs;
import org.cloudtask.cli.run.TaskRun;
import org.cloudtask.cli.run.WorkerTransports;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.input.JobCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cloudtask [OPTIONS] [COMMAND...]}: runs COMMAND once per input line, or resumes a saved session.
 *
 * <p>Options are grouped by concern into mixins ({@link JobOptions}, {@link SessionOptions}, ...); a new group (SSH
 * workers, cloud launching) is one more mixin, listed in {@link #contributors()} when it writes settings. Subcommands
 * ({@code report}, {@code launch-workers}) can be added with {@code @Command(subcommands = ...)}: picocli matches
 * them before the positional COMMAND, and {@code cloudtask -- report} still runs a program called report.
 */
@Command(name = "cloudtask", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, usageHelpWidth = HelpSections.MAX_WIDTH,
        customSynopsis = {"cloudtask [OPTIONS] [COMMAND...]",
            "       cloudtask report|sessions|launch-workers|destroy-workers [OPTIONS] ..."},
        description = {"",
            "Runs COMMAND once for each input line (from standard input or --input FILE), with the line's words "
                    + "appended, each shell-quoted: 'seq 3 | cloudtask echo' runs echo 1, echo 2, echo 3. "
                    + "Without COMMAND each line is the command. Every run is saved as a session that "
                    + "--resume and --retry continue."},
        commandListHeading = "%nSubcommands (each has its own --help):%n",
        footer = {"", "Examples:",
            "  seq 3 | cloudtask echo",
            "  cloudtask --split 8 --input urls.txt curl -fsSO",
            "  seq 100 | cloudtask --workers 2/build-1,2/build-2 --transfer render.sh ./render.sh",
            "  cloudtask --resume 4",
            "  cloudtask report 4 --html report.html",
            "",
            "Where things live: every run is a session, DIR/ID/, with DIR from --sessions, else $CLOUDTASK_SESSIONS, "
                    + "else ~/.cloudtask. The jobs' output is in DIR/ID/output/ (cloudtask report ID --outdir OUT "
                    + "sorts it into OUT/succeeded/ and OUT/failed/), what the console showed in DIR/ID/log, each "
                    + "job's state in DIR/ID/jobs. cloudtask sessions lists the sessions.",
            "",
            "Exit status: 0 every job exited 0; 1 some job failed, timed out or is still pending; "
                + "2 usage or configuration error; 130/143 aborted by SIGINT/SIGTERM (resume with --resume ID).",
            "Documentation: docs/cli.md"})
public final class CloudTaskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    JobOptions jobs = new JobOptions();

    @Mixin
    SessionOptions session = new SessionOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    WorkerOptions workers = new WorkerOptions();

    @Mixin
    CloudOptions cloud = new CloudOptions();

    @Mixin
    ReportOptions report = new ReportOptions();

    @Mixin
    BatchOptions batch = new BatchOptions();

    @Mixin
    ReturnOptions returns = new ReturnOptions();

    @Mixin
    ConnectOptions connecting = new ConnectOptions();

    @Mixin
    TransferOptions transfer = new TransferOptions();

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command each input line's words are appended to. One argument is used as written "
                    + "('tar -C /data -xf'); several are shell-quoted one by one.")
    List<String> command = new ArrayList<>();

    private final CliEnvironment environment;

    CloudTaskCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The option groups that write settings; later groups (SSH workers, cloud launching) are added here. */
    private List<SettingsContributor> contributors() {
        return List.of(jobs, output, workers, cloud, report, batch, returns, connecting, transfer);
    }

    @Override
    public Integer call() throws IOException {
        session.check();
        Path sessions = session.directory(environment.variables(), environment.home());
        Console console = Console.forTerminal(environment.out(), environment.err(), environment.terminal(),
                environment.variables().get("TERM"), output.quiet());
        TaskRun run = new TaskRun(sessions, session.resumeOption(), console, output.quiet(),
                new WorkerTransports(environment.variables(), environment.home(), console));
        if (session.continuesSession()) {
            return resume(run);
        }
        if (input.file() == null && environment.terminal().stdin()) {
            spec.commandLine().getErr().print("Usage: " + spec.commandLine().getHelp().synopsis(0));
            throw new UsageException("no job inputs: pipe them in (seq 3 | cloudtask echo) or give --input FILE");
        }
        try (InputStream inputs = JobInputs.open(input.file(), environment.in())) {
            TaskSettings settings = new TaskSettings().command(JobCommands.fromArguments(command))
                    .inputMode(input.mode());
            contributors().forEach(c -> c.applyTo(settings, GivenOptions.ALL));
            workers.defaultSplit(settings, GivenOptions.typedIn(spec.commandLine().getParseResult()));
            BatchOptions.readEnvironment(settings, environment.variables());
            return run.start(settings, inputs);
        }
    }

    private int resume(TaskRun run) {
        String option = session.retry() ? "--retry" : "--resume";
        if (!command.isEmpty()) {
            throw new UsageException("a command cannot be given with " + option + ": session "
                    + session.sessionId() + " runs the command it was started with");
        }
        if (input.file() != null) {
            throw new UsageException("--input cannot be given with " + option + ": session "
                    + session.sessionId() + " keeps the inputs it was started with");
        }
        if (input.modeGiven()) {
            throw new UsageException("-0 and -d cannot be given with " + option + ": session " + session.sessionId()
                    + " keeps the input mode it was started with (saved in its settings)");
        }
        GivenOptions given = GivenOptions.typedIn(spec.commandLine().getParseResult());
        return run.resume(session.sessionId(), session.retry(), saved -> {
            contributors().forEach(c -> c.applyTo(saved, given));
            workers.defaultSplit(saved, given);
            BatchOptions.readEnvironment(saved, environment.variables());
            return saved;
        });
    }
}
