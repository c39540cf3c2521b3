package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cloudtask.core.input.ShellQuoting;

/**
 * Runs the real {@code bin/cloudtask} as a separate process, the way a user does: with its own sessions directory,
 * standard input from a file (or none) and outputs captured to files. It uses the jar that this build just packaged
 * ({@code CLOUDTASK_JAR}, set from the {@code cloudtask.jar} system property), so no test ever starts Maven.
 * Reusable by any end-to-end test (SSH workers, cloud launching): add arguments and environment, start, observe.
 */
public final class CliProcess {

    private final Path sessions;
    private final Path scratch;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String umask;
    private Path stdin;
    private boolean terminal;
    private Path workingDirectory;

    private CliProcess(Path sessions, Path scratch) {
        this.sessions = sessions;
        this.scratch = scratch;
    }

    /** A command line that keeps its sessions in {@code sessions} and its captured outputs in {@code scratch}. */
    public static CliProcess cloudtask(Path sessions, Path scratch) {
        return new CliProcess(sessions, scratch);
    }

    public CliProcess args(String... more) {
        args.addAll(Arrays.asList(more));
        return this;
    }

    /** The controller's working directory (where local jobs run); the test's own when not set. */
    public CliProcess workingDirectory(Path dir) {
        workingDirectory = dir;
        return this;
    }

    public CliProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Standard input with these lines; without this call stdin is empty ({@code /dev/null}). */
    public CliProcess stdinLines(List<String> lines) throws IOException {
        stdin = Files.createTempFile(scratch, "stdin", ".txt");
        Files.write(stdin, lines, StandardCharsets.UTF_8);
        return this;
    }

    /** Standard input with exactly these bytes (not UTF-8, NUL-separated, ...). */
    public CliProcess stdinBytes(byte[] bytes) throws IOException {
        stdin = Files.createTempFile(scratch, "stdin", ".bin");
        Files.write(stdin, bytes);
        return this;
    }

    public CliProcess stdinText(String text) throws IOException {
        stdin = Files.createTempFile(scratch, "stdin", ".txt");
        Files.writeString(stdin, text, StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Runs the command on a pseudo-terminal (util-linux {@code script}): its stdout and stderr are a terminal, and so
     * is its stdin unless {@link #stdinLines} redirects it. The captured stdout then holds everything the terminal
     * showed. The pid of such a run is that of {@code script}, so do not signal it.
     */
    public CliProcess onTerminal() {
        terminal = true;
        return this;
    }

    /** Runs cloudtask under this umask (e.g. "022"), whatever the test's own. */
    public CliProcess umask(String mask) {
        this.umask = mask;
        return this;
    }

    public RunningCli start() throws IOException {
        List<String> command = new ArrayList<>();
        if (umask != null) command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        // why: a user's Ctrl-C reaches cloudtask with SIGINT's default disposition, but a test run under nohup or a
        // script's & hands SIGINT down ignored, and an ignored SIGINT stays ignored in the JVM; perl resets it and
        // execs the launcher (same pid, so signals still reach cloudtask)
        command.addAll(List.of("perl", "-e",
                "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"cannot run $ARGV[0]: $!\\n\""));
        command.add(launcher().toString());
        command.addAll(args);
        if (terminal) {
            String line = ShellQuoting.join(command) + (stdin != null ? " < " + ShellQuoting.quote(stdin.toString()) : "");
            command = List.of("script", "--quiet", "--return", "--command", line, "/dev/null");
            stdin = null;
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) builder.directory(workingDirectory.toFile());
        builder.environment().put("CLOUDTASK_JAR", System.getProperty("cloudtask.jar"));
        builder.environment().put("CLOUDTASK_SESSIONS", sessions.toString());
        builder.environment().remove("CLOUDTASK_JAVA_OPTS");
        builder.environment().putAll(environment);
        Path stdout = Files.createTempFile(scratch, "stdout", ".txt");
        Path stderr = Files.createTempFile(scratch, "stderr", ".txt");
        builder.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.redirectOutput(stdout.toFile());
        builder.redirectError(stderr.toFile());
        return new RunningCli(builder.start(), stdout, stderr);
    }

    /** Starts the command and waits for it to exit. */
    public CliResult run(Duration limit) throws IOException, InterruptedException {
        try (RunningCli running = start()) {
            return running.awaitExit(limit);
        }
    }

    static Path launcher() {
        String configured = System.getProperty("cloudtask.launcher");
        Path path = configured != null ? Path.of(configured) : Path.of("..", "bin", "cloudtask");
        return path.toAbsolutePath().normalize();
    }
}
