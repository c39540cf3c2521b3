package org.cloudtask.cli;

import org.cloudtask.core.text.LosslessText;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Bad command lines (unknown option, invalid value, conflicting options): one line naming the problem, with a hint
 * where to look, and exit status 2. Never the whole usage text: it would bury the one line that matters.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        ex.getCommandLine().getErr().println(line(ex.getMessage(), ex.getCommandLine()));
        return ExitCodes.USAGE;
    }

    /** The problem, and the --help of the (sub)command it is about: {@code try 'cloudtask report --help'}. */
    static String line(String problem, CommandLine commandLine) {
        return "cloudtask: " + firstLine(problem) + " (try '" + commandLine.getCommandSpec().qualifiedName()
                + " --help')";
    }

    static String firstLine(String text) {
        if (text == null || text.isBlank()) return "unexpected error";
        String first = LosslessText.printable(text.strip().lines().findFirst().orElse(text));
        // why: "Bad value" reads better as "bad value" after "cloudtask: ", but "SSH key" must stay as it is
        if (first.length() > 1 && Character.isUpperCase(first.charAt(1))) return first;
        return Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }
}
