package org.cloudtask.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.cloudtask.cli.options.SessionOptions;
import org.cloudtask.cli.run.SessionState;
import org.cloudtask.core.report.SessionReport;
import org.cloudtask.core.report.TextTable;
import org.cloudtask.core.text.LosslessText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cloudtask sessions}: the sessions of a sessions directory, newest first, one line each. */
@Command(name = "sessions", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, usageHelpWidth = HelpSections.MAX_WIDTH,
        header = "Lists the sessions of a sessions directory, newest first.",
        description = {"One line per session: its id, when it started, its state (running: a controller holds it "
                + "now; finished: every job has a result; aborted: stopped by a signal or --halt, its pending jobs "
                + "wait for --resume; crashed: its controller died, --resume continues it), its counts and its "
                + "command. Reads the sessions without locking or changing them.", ""},
        footer = {"", "Exit status: 0 the list was printed; 2 a bad option.", "Documentation: docs/cli.md"})
final class SessionsCommand implements Callable<Integer> {

    private static final int SHOWN_COMMAND_LENGTH = 60;
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--sessions", paramLabel = "DIR",
            description = "Directory of sessions (default: $CLOUDTASK_SESSIONS, else ~/.cloudtask).")
    Path sessions;

    private final CliEnvironment environment;

    SessionsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        Path root = SessionOptions.directory(sessions, environment.variables(), environment.home());
        List<Row> rows = new ArrayList<>();
        for (Path dir : sessionDirectories(root)) rows.add(Row.read(dir));
        if (rows.isEmpty()) {
            environment.out().println("no sessions in " + root);
            return ExitCodes.OK;
        }
        rows.sort(Comparator.comparingLong(Row::started).thenComparingLong(Row::id).reversed());
        TextTable table = new TextTable("SESSION", "STARTED", "STATE", "JOBS", "OK", "FAILED", "TIMEOUTS",
                "PENDING", "COMMAND");
        for (Row row : rows) row.addTo(table);
        StringBuilder out = new StringBuilder();
        table.appendTo(out);
        environment.out().print(out);
        environment.out().flush();
        return ExitCodes.OK;
    }

    private static List<Path> sessionDirectories(Path root) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(dir -> dir.getFileName().toString().matches("[0-9]{1,18}"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("journal"))).toList();
        }
    }

    /** One session's line; a session that cannot be read still gets one, saying why. */
    private record Row(long id, long started, String state, SessionReport report, String problem) {

        static Row read(Path dir) {
            long id = Long.parseLong(dir.getFileName().toString());
            try {
                SessionReport report = SessionReport.read(dir);
                return new Row(id, report.firstMillis(), SessionState.of(report), report, null);
            } catch (IOException | RuntimeException e) {
                return new Row(id, 0, "unreadable", null, e.getMessage());
            }
        }

        void addTo(TextTable table) {
            if (report == null) {
                table.row(id, "-", state, "-", "-", "-", "-", "-", "(" + LosslessText.printable(problem) + ")");
                return;
            }
            String when = started == 0 ? "-"
                    : STARTED.format(Instant.ofEpochMilli(started).atZone(ZoneId.systemDefault()));
            String total = report.total() + (report.inputComplete() ? "" : "+");
            table.row(id, when, state, total, report.ok(), report.failed(), report.timeouts(), report.pending(),
                    shown(report.command()));
        }

        private static String shown(String command) {
            if (command == null) return "(each input line is a command)";
            // why: a terminal shows it; a line feed or an escape sequence in a command is shown escaped
            String oneLine = LosslessText.printable(command);
            if (oneLine.length() <= SHOWN_COMMAND_LENGTH) return oneLine;
            return oneLine.substring(0, SHOWN_COMMAND_LENGTH) + "...";
        }
    }
}
