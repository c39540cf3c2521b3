package org.cloudtask.cli;

import org.cloudtask.core.engine.CloudTaskException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Errors raised while the command runs. A {@link CloudTaskException} is the user's to fix: its one-line message and
 * exit code. Anything else is a bug: one line too, and the stack trace only when CLOUDTASK_DEBUG is set.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    private final CliEnvironment environment;

    FailureHandler(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        if (ex instanceof UsageException) {
            commandLine.getErr().println(UsageErrorHandler.line(ex.getMessage(), commandLine));
            return ExitCodes.USAGE;
        }
        if (ex instanceof CloudTaskException news && news.exitCode() == ExitCodes.OK) {
            // "no jobs", "session 3 finished": news, not errors
            commandLine.getOut().println(news.getMessage());
            return ExitCodes.OK;
        }
        if (ex instanceof CloudTaskException problem) {
            commandLine.getErr().println("cloudtask: " + UsageErrorHandler.firstLine(problem.getMessage()));
            return problem.exitCode();
        }
        commandLine.getErr().println("cloudtask: internal error: " + ex
                + " (a bug: please report it; set CLOUDTASK_DEBUG=1 to see the stack trace)");
        if (environment.debug()) {
            ex.printStackTrace(commandLine.getErr());
        }
        return ExitCodes.FAILED;
    }
}
