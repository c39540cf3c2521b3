package org.cloudtask.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the {@code cloudtask} command line with its error handling; one place for every front-end path. */
public final class Cli {

    private Cli() {
    }

    public static int execute(CliEnvironment environment, String... args) {
        return commandLine(environment).execute(args);
    }

    static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new CloudTaskCommand(environment));
        commandLine.addSubcommand("launch-workers", new LaunchWorkersCommand(environment));
        commandLine.addSubcommand("destroy-workers", new DestroyWorkersCommand(environment));
        commandLine.addSubcommand("report", new ReportCommand(environment));
        commandLine.addSubcommand("sessions", new SessionsCommand(environment));
        // why: everything after the first word of the command belongs to the command (`cloudtask ls -l`)
        commandLine.setStopAtPositional(true);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(colours(environment)));
        commandLine.setOut(new PrintWriter(environment.out(), true));
        commandLine.setErr(new PrintWriter(environment.err(), true));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new FailureHandler(environment));
        // why: options may follow the session id (`cloudtask report 3 --html r.html`)
        commandLine.getSubcommands().get("report").setStopAtPositional(false);
        HelpSections.install(commandLine, HelpSections.SECTIONS);
        return commandLine;
    }

    /** Coloured help only on a terminal that can show it (the launcher's answer, not System.console()). */
    private static CommandLine.Help.Ansi colours(CliEnvironment environment) {
        boolean colours = environment.terminal().stdout() && !"dumb".equals(environment.variables().get("TERM"))
                && environment.variables().get("NO_COLOR") == null;
        return colours ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
    }
}
