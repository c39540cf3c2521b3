package org.cloudtask.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.ssh.testing.OpenSshServer;

/** Test helpers: a real OpenSSH worker on loopback, and a Jenkins credential holding the key it accepts. */
final class Workers {

    static final String CREDENTIALS_ID = "workers-ssh";

    private Workers() {
    }

    /** The plugin's tests use 127.0.0.200 and up (other modules' tests use lower addresses). */
    static OpenSshServer start(int n) throws IOException {
        return OpenSshServer.start("127.0.0." + (200 + n));
    }

    /** Stores the worker's client key in a global SSH credential, as a user would paste it. */
    static void addCredential(OpenSshServer worker) throws IOException {
        String key = Files.readString(worker.clientKey());
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(
                CredentialsScope.GLOBAL, CREDENTIALS_ID, worker.user(),
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(key), null, "cloudtask test workers"));
        SystemCredentialsProvider.getInstance().save();
    }

    /** Lets the job trust the worker's host key under the strict policy. */
    static void trust(Job<?, ?> job, OpenSshServer worker) throws IOException {
        worker.writeKnownHosts(job.getRootDir().toPath().resolve("cloudtask-known_hosts"));
    }

    /** Whether any process on this machine runs this exact command line (the workers are local sshd's). */
    static boolean processRunning(String commandLine) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-f", "-x", commandLine).start();
        return pgrep.waitFor() == 0;
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("cloudtask-jenkins-test-");
    }
}
