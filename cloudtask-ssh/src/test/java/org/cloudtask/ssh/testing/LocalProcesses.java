package org.cloudtask.ssh.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the small local tools the fixture needs (ssh-keygen, kill) and fails loudly when they fail. */
final class LocalProcesses {

    private LocalProcesses() {
    }

    /** Runs a command to completion (at most 60 s) and returns its output; throws if it exits non-zero. */
    static String run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes());
            if (!ended) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Sends a signal ("STOP", "CONT", "KILL") to the given processes; processes already gone are ignored. */
    static void signal(String signal, List<Long> pids) throws IOException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            run(command);
        } catch (IOException e) {
            // why: a process may end between listing and signalling; only other failures count
            boolean onlyGoneProcesses = e.getMessage().lines().filter(line -> !line.isBlank())
                    .allMatch(line -> line.contains("No such process"));
            if (!onlyGoneProcesses) {
                throw e;
            }
        }
    }

    /** Generates an unencrypted key pair with ssh-keygen; returns the private key path ({@code .pub} beside it). */
    static Path generateKey(Path privateKey, String type, String comment) throws IOException {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", comment));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        command.addAll(List.of("-f", privateKey.toString()));
        run(command);
        return privateKey;
    }
}
