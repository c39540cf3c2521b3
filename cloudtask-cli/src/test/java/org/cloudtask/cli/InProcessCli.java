package org.cloudtask.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.cloudtask.cli.console.Terminal;

/** Runs the command inside the test's JVM with captured streams: fast checks of parsing and validation. */
final class InProcessCli {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Path home;
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private Terminal terminal = Terminal.NONE;
    private Map<String, String> environment = Map.of();

    InProcessCli(Path home) {
        this.home = home;
    }

    InProcessCli stdin(String text) {
        stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    InProcessCli stdin(byte[] bytes) {
        stdin = new ByteArrayInputStream(bytes);
        return this;
    }

    InProcessCli env(Map<String, String> variables) {
        environment = Map.copyOf(variables);
        return this;
    }

    InProcessCli terminal(Terminal value) {
        terminal = value;
        return this;
    }

    int run(String... args) {
        CliEnvironment cli = new CliEnvironment(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, environment, home);
        return Cli.execute(cli, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
