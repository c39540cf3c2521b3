package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cloudtask.core.session.SessionReader;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.cloudtask.ssh.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets given to the real bin/cloudtask (a key passphrase, AWS keys, a Jenkins-style token) reach no session file,
 * no console line and no job's environment; session files are private; host keys are checked strictly by default.
 * One OpenSSH worker on 127.0.2.20.
 */
@Timeout(180)
class SecurityEndToEndTest {

    private static final Map<String, String> SECRETS = Map.of(
            "CLOUDTASK_SSH_PASSPHRASE", "passphrase-never-stored-5150",
            "AWS_ACCESS_KEY_ID", "AKIANEVERSTORED00001",
            "AWS_SECRET_ACCESS_KEY", "aws-secret-never-stored-8086",
            "AWS_SESSION_TOKEN", "aws-token-never-stored-6502",
            "JENKINS_API_TOKEN", "jenkins-token-never-stored-68000");

    @TempDir
    Path sessions;
    @TempDir
    Path scratch;
    private OpenSshServer worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) worker.close();
    }

    @Test
    void secretsInTheEnvironmentReachNoSessionFileNoConsoleAndNoJob() throws Exception {
        worker = OpenSshServer.start("127.0.2.20");
        Path key = TestKeys.generate(scratch.resolve("encrypted"), "ed25519", SECRETS.get("CLOUDTASK_SSH_PASSPHRASE"),
                false);
        worker.authorize(TestKeys.publicKeyLine(key));
        Path knownHosts = worker.writeKnownHosts(scratch.resolve("known_hosts"));
        String address = worker.user() + "@" + worker.host() + ":" + worker.port();

        CliResult overSsh = withSecrets(cloudtask(sessions, scratch).args("--workers", address, "--ssh-identity",
                key.toString(), "--known-hosts", knownHosts.toString(), "env")).stdinLines(List.of("SIDE=ssh")).run(ofSeconds(60));
        // why without the Jenkins token: a local job inherits the caller's environment, all but cloudtask's own secrets
        CliProcess localCli = cloudtask(sessions, scratch).args("env");
        SECRETS.forEach((name, value) -> {
            if (!name.equals("JENKINS_API_TOKEN")) localCli.env(name, value);
        });
        CliResult local = localCli.stdinLines(List.of("SIDE=local")).run(ofSeconds(60));

        assertThat(overSsh.exitCode()).as(overSsh.toString()).isZero();
        assertThat(local.exitCode()).as(local.toString()).isZero();
        String jobOutputs = output(1) + output(2);
        assertThat(jobOutputs).contains("CLOUDTASK_JOB=1", "CLOUDTASK_WORKER=" + worker.host(), "CLOUDTASK_WORKER=local-1");
        List<String> everything = new ArrayList<>(allFiles(sessions));
        everything.add(overSsh.toString());
        everything.add(local.toString());
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            assertThat(everything).as(secret.getKey()).noneMatch(text -> text.contains(secret.getValue()));
            assertThat(jobOutputs).as(secret.getKey()).doesNotContain(secret.getKey() + "=");
        }
    }

    @Test
    void sessionDirectoriesArePrivateAndEveryFileInThemToo() throws Exception {
        CliResult result = cloudtask(sessions, scratch).args("--split", "2", "echo").stdinLines(List.of("1", "2", "3"))
                .run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (Stream<Path> paths = Files.walk(sessions)) {
            for (Path p : paths.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedByDefault() throws Exception {
        worker = OpenSshServer.start("127.0.2.21");
        String address = worker.user() + "@" + worker.host() + ":" + worker.port();

        CliResult result = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "")
                .args("--workers", address, "--ssh-identity", worker.clientKey().toString(), "echo")
                .stdinLines(List.of("1")).run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains(address.substring(address.indexOf('@') + 1) + ": dropped")
                .contains(", --host-key-policy strict): after checking that fingerprint");
        assertThat(new SessionFiles(sessions).jobs(1)).singleElement().satisfies(j -> assertThat(j.state())
                .isEqualTo("PENDING"));
        assertThat(worker.log()).doesNotContain("Accepted publickey");
    }

    private CliProcess withSecrets(CliProcess cli) {
        cli.env("SSH_AUTH_SOCK", "");
        SECRETS.forEach(cli::env);
        return cli;
    }

    private String output(long session) throws IOException {
        Path dir = sessions.resolve(Long.toString(session));
        StringBuilder text = new StringBuilder();
        for (SessionReader.AttemptRecord attempt : SessionReader.attempts(dir)) {
            try (InputStream in = SessionReader.output(dir, attempt)) {
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    static List<String> allFiles(Path root) throws IOException {
        List<String> text = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                text.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return text;
    }
}
