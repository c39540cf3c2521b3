package org.cloudtask.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cloudtask.cli.options.SessionOptions;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.report.HtmlReport;
import org.cloudtask.core.report.JobOutput;
import org.cloudtask.core.report.OutputExport;
import org.cloudtask.core.report.SessionReport;
import org.cloudtask.core.report.TextReport;
import org.cloudtask.core.session.PrivateFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cloudtask report SESSION}: what a session did, read without disturbing it (it may be running or have
 * crashed). Text on stdout; {@code --html FILE} one self-contained page; {@code --outdir DIR} every job's output.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, usageHelpWidth = HelpSections.MAX_WIDTH,
        header = "Shows what a session did: text report, one-page HTML timeline, job outputs.",
        description = {"Reports on session SESSION (an id in the sessions directory, or a session directory's path): "
                + "counts, workers, failures with their last lines of output, pending jobs. Safe on a session that "
                + "is running or crashed: nothing in it is locked or written.", ""},
        footer = {"", "Exit status: 0 the report was made; 2 no such session or a bad option.",
            "Documentation: docs/report.md"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SESSION", description = "Session id (in --sessions DIR) or session directory.")
    String session;

    @Option(names = "--sessions", paramLabel = "DIR",
            description = "Directory of sessions (default: $CLOUDTASK_SESSIONS, else ~/.cloudtask).")
    Path sessions;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (timeline, durations, job table).")
    Path html;

    @Option(names = "--outdir", paramLabel = "DIR",
            description = "Also write each finished job's output to DIR/succeeded/JOB.out or DIR/failed/JOB.out.")
    Path outdir;

    @Option(names = "--job", paramLabel = "N",
            description = "Print only job N's output: every attempt, exactly as it was written, each under a line "
                    + "naming the attempt, its worker and its result.")
    Long job;

    private final CliEnvironment environment;

    ReportCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        SessionReport report = SessionReport.read(sessionDirectory());
        if (job != null) {
            JobOutput.write(report, job, environment.out());
            environment.out().flush();
            return ExitCodes.OK;
        }
        environment.out().print(TextReport.render(report));
        if (html != null) {
            try {
                // why: a report holds job outputs and inputs (0600), and a link planted at the path is replaced, not
                // followed
                PrivateFiles.writeAtomically(html, HtmlReport.page(report).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException("cannot write " + html + " (" + e.getMessage() + "); choose another --html file");
            }
            environment.out().println("\nwrote " + html);
        }
        if (outdir != null) {
            OutputExport.Written written;
            try {
                written = OutputExport.write(report, outdir);
            } catch (IOException e) {
                throw new UsageException("cannot write the job outputs to " + outdir + " (" + e.getMessage()
                        + "); choose another --outdir");
            }
            environment.out().println("wrote the output of " + written.succeeded() + " succeeded jobs to "
                    + outdir.resolve("succeeded") + " and of " + written.failed() + " failed jobs to "
                    + outdir.resolve("failed"));
        }
        environment.out().flush();
        return ExitCodes.OK;
    }

    private Path sessionDirectory() {
        Path root = SessionOptions.directory(sessions, environment.variables(), environment.home());
        if (session.matches("[0-9]{1,18}") && Files.isDirectory(root.resolve(session))) {
            return root.resolve(session);
        }
        Path path = Path.of(session);
        if (Files.isDirectory(path)) return path;
        if (session.matches("[0-9]{1,18}")) {
            throw new CloudTaskException("there is no session " + session + " in " + root
                    + "; list the sessions with: cloudtask sessions --sessions "
                    + org.cloudtask.core.input.ShellQuoting.quote(root.toString()));
        }
        throw new CloudTaskException("there is no session directory " + session
                + "; give a session id or the path of a session directory");
    }
}
