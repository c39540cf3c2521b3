package org.cloudtask.cli;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The secrets that bin/cloudtask keeps out of the JVM's environment (which local jobs, running as the same user, could
 * read in /proc/PID/environ) and hands over on an inherited pipe instead: {@code NAME=VALUE} entries, each ended by a
 * NUL, on the file descriptor named by {@code -Dcloudtask.secrets.fd}. AWS keys become the SDK's system properties,
 * which its default credential chain reads first; all of them join the variables the command sees.
 */
final class LauncherSecrets {

    private static final Map<String, String> AWS_PROPERTIES = Map.of("AWS_ACCESS_KEY_ID", "aws.accessKeyId",
            "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey", "AWS_SESSION_TOKEN", "aws.sessionToken");

    private LauncherSecrets() {
    }

    /** The process environment plus the secrets from the launcher's pipe (read once, at start). */
    static Map<String, String> environmentWithSecrets() {
        String fd = System.getProperty("cloudtask.secrets.fd");
        if (fd == null) {
            return System.getenv();
        }
        Map<String, String> variables = new HashMap<>(System.getenv());
        Map<String, String> secrets = read(fd);
        secrets.forEach((name, value) -> {
            if (AWS_PROPERTIES.containsKey(name)) {
                System.setProperty(AWS_PROPERTIES.get(name), value);
            }
        });
        variables.putAll(secrets);
        return Map.copyOf(variables);
    }

    private static Map<String, String> read(String fd) {
        // why /dev/fd: Java cannot open an inherited descriptor by number; this opens the same pipe, read to its end
        // (through a buffer: FileInputStream.readAllBytes seeks, which a pipe refuses)
        try (InputStream pipe = new BufferedInputStream(new FileInputStream("/dev/fd/" + Integer.parseInt(fd)))) {
            Map<String, String> secrets = new HashMap<>();
            for (String entry : new String(pipe.readAllBytes(), StandardCharsets.UTF_8).split("\0")) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    secrets.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
            return secrets;
        } catch (IOException | NumberFormatException e) {
            // why: without them cloudtask still runs; what needs one (a key's passphrase, EC2) asks or says it lacks it
            return Map.of();
        }
    }
}
