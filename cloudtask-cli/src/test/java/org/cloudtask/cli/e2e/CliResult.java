package org.cloudtask.cli.e2e;

import java.util.List;

/** How a finished {@code bin/cloudtask} ended. */
public record CliResult(int exitCode, String stdout, String stderr) {

    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    public List<String> stderrLines() {
        return stderr.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
