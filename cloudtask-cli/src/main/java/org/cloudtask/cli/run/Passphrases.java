package org.cloudtask.cli.run;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Passphrases of encrypted SSH keys: {@code CLOUDTASK_SSH_PASSPHRASE}, else a prompt on the controlling terminal
 * ({@code /dev/tty}, since stdin usually carries the job inputs), else none.
 */
final class Passphrases {

    private final Map<String, String> variables;

    Passphrases(Map<String, String> variables) {
        this.variables = variables;
    }

    char[] passphraseFor(String keyName) {
        String given = variables.get("CLOUDTASK_SSH_PASSPHRASE");
        if (given != null) {
            return given.toCharArray();
        }
        try {
            return promptOnTerminal("passphrase for " + keyName + ": ");
        } catch (IOException | InterruptedException noTerminal) {
            if (noTerminal instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private static char[] promptOnTerminal(String prompt) throws IOException, InterruptedException {
        if (System.console() != null) {
            return System.console().readPassword("%s", prompt);
        }
        stty("-echo");
        try (Writer out = new FileWriter("/dev/tty", StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new FileReader("/dev/tty", StandardCharsets.UTF_8))) {
            out.write(prompt);
            out.flush();
            String line = in.readLine();
            out.write("\n");
            return line == null ? null : line.toCharArray();
        } finally {
            stty("echo");
        }
    }

    private static void stty(String mode) throws IOException, InterruptedException {
        Process stty = new ProcessBuilder("stty", mode).redirectInput(new java.io.File("/dev/tty")).start();
        if (!stty.waitFor(5, TimeUnit.SECONDS) || stty.exitValue() != 0) {
            stty.destroyForcibly();
            throw new IOException("no terminal");
        }
    }
}
