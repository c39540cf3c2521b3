package org.cloudtask.ec2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A user's shell command run by {@code sh -c} with arguments appended (passed as "$@", so they are never re-parsed
 * by the shell), in a clean environment. Its stderr lines go to the log as they come; its stdout lines are read with
 * a deadline.
 */
final class UserCommand {

    private static final Optional<String> END = Optional.empty();
    private static final Duration STDERR_GRACE = Duration.ofSeconds(2);

    private final String label;
    private final Process process;
    private final BlockingQueue<Optional<String>> stdout = new LinkedBlockingQueue<>();
    private final Thread stderrReader;

    private UserCommand(String label, Process process, Consumer<String> log) {
        this.label = label;
        this.process = process;
        follow(process.getInputStream(), line -> stdout.add(Optional.of(line)), () -> stdout.add(END), "out");
        stderrReader = follow(process.getErrorStream(), line -> log.accept(label + ": " + line), () -> { }, "err");
    }

    /** Starts {@code sh -c 'COMMAND "$@"' sh ARGS...} and logs that it did. */
    static UserCommand start(String label, String command, List<String> arguments, CommandSettings settings,
                             Consumer<String> log) throws IOException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", command + " \"$@\"", "sh"));
        argv.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (settings.directory() != null) builder.directory(settings.directory().toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        for (String name : List.of("PATH", "HOME", "LANG")) {
            String value = System.getenv(name);
            if (value != null) environment.put(name, value);
        }
        environment.putAll(settings.environment());
        log.accept("running " + label + ": " + command + " " + String.join(" ", arguments));
        Process process = builder.start();
        process.getOutputStream().close();
        return new UserCommand(label, process, log);
    }

    /** The next line of stdout, or empty at its end. */
    Optional<String> nextLine(Instant deadline) throws InterruptedException, TimeoutException {
        Optional<String> line = stdout.poll(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        if (line == null) throw new TimeoutException();
        if (line.isEmpty()) stdout.add(END); // why: later calls see the end too
        return line;
    }

    /** Waits for the command to exit and returns its exit code, once its stderr is in the log. */
    int exitCode(Instant deadline) throws InterruptedException, TimeoutException {
        if (!process.waitFor(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException();
        }
        // why: the failure reported next should come after the command's own explanation; a background child
        // still holding stderr open may delay that, but not for long
        stderrReader.join(STDERR_GRACE.toMillis());
        return process.exitValue();
    }

    /** Kills the command and whatever it started. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    String label() {
        return label;
    }

    private Thread follow(InputStream stream, Consumer<String> lines, Runnable atEnd, String which) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.accept(line);
            } catch (IOException closed) {
                // the process was killed; nothing more to read
            } finally {
                atEnd.run();
            }
        }, "cloudtask-" + label.replace(' ', '-') + "-" + which);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
