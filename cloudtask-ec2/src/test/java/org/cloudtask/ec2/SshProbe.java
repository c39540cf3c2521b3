package org.cloudtask.ec2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * Checks that a worker answers SSH with the OpenSSH client, logging in with a key and accepting only the host key
 * the provisioner reported (so a wrong key from the console output fails the check).
 */
final class SshProbe {

    private SshProbe() { }

    /** Runs {@code true} on the worker; returns ssh's exit code (0 = logged in and ran it). */
    static int runTrue(WorkerAddress worker, Path clientKey, Path scratch) throws IOException, InterruptedException {
        Path knownHosts = Files.createTempFile(scratch, "known_hosts", "");
        Files.writeString(knownHosts, "[" + worker.host() + "]:" + worker.port() + " " + worker.hostKey() + "\n");
        Process ssh = new ProcessBuilder(List.of("ssh", "-F", "/dev/null", "-i", clientKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=10", "-p", Integer.toString(worker.port()),
                worker.user() + "@" + worker.host(), "true"))
                .redirectErrorStream(true).redirectOutput(scratch.resolve("ssh-" + worker.host() + ".log").toFile())
                .start();
        if (!ssh.waitFor(30, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            return -1;
        }
        return ssh.exitValue();
    }
}
