package org.cloudtask.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.cloudtask.cli.console.Terminal;

/**
 * What the command sees of its process: standard streams, which of them are terminals, environment variables and
 * the home directory. Tests pass their own to run the command in-process.
 */
public record CliEnvironment(InputStream in, PrintStream out, PrintStream err, Terminal terminal,
                             Map<String, String> variables, Path home) {

    public static CliEnvironment system() {
        return new CliEnvironment(System.in, System.out, System.err, Terminal.fromSystemProperties(),
                LauncherSecrets.environmentWithSecrets(), home(System.getenv("HOME")));
    }

    /** $HOME when set to an absolute path, as the shell's {@code ~} means; else the account's home directory. */
    static Path home(String homeVariable) {
        // why not user.home alone: Java takes it from the account, so HOME=/other cloudtask would ignore /other
        if (homeVariable != null && homeVariable.startsWith("/")) {
            return Path.of(homeVariable);
        }
        return Path.of(System.getProperty("user.home"));
    }

    /** Set when the user wants stack traces of internal errors (for bug reports). */
    boolean debug() {
        String value = variables.get("CLOUDTASK_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
