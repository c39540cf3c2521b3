package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A started {@code bin/cloudtask}: signal it, read its output so far, wait for its end. Closing kills what is left. */
public final class RunningCli implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    RunningCli(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The controller's pid (bin/cloudtask execs java, so this is the JVM). */
    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name ({@code TERM}, {@code INT}, {@code KILL}). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
        }
    }

    /** The processes the controller has started that are still running (its jobs). */
    public java.util.List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    public boolean stdoutOrStderrContains(String text) throws IOException {
        return stdoutSoFar().contains(text) || text(stderr).contains(text);
    }

    public String stdoutSoFar() throws IOException {
        return text(stdout);
    }

    /** Decodes what the command wrote; bytes that are not UTF-8 (a job's raw output) become U+FFFD, never an error. */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    public CliResult awaitExit(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("cloudtask did not exit within " + limit + "; stdout:\n" + stdoutSoFar()
                    + "\nstderr:\n" + text(stderr));
        }
        return new CliResult(process.exitValue(), stdoutSoFar(), text(stderr));
    }

    /** Kills the controller and every process it started that is still there. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
