package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.ssh.testing.BlackholeProxy;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --return} from an OpenSSH worker whose network goes silent in the middle of the copy (127.0.6.x). */
@Timeout(180)
class ReturnFromSilentWorkerEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private OpenSshServer worker;
    private BlackholeProxy network;
    // why in the home directory: the worker's sshd logs in as the test's user, whose home is where jobs run
    private final String dir = ".cache/cloudtask-return-test-" + UUID.randomUUID();
    private final Path home = Path.of(System.getProperty("user.home"));

    @AfterEach
    void stop() throws IOException {
        if (network != null) network.close();
        if (worker != null) worker.close();
        Files.deleteIfExists(home.resolve(dir).resolve("endless"));
        Files.deleteIfExists(home.resolve(dir));
    }

    @Test
    void workerThatGoesSilentWhileItsReturnFilesAreCopiedFailsWithALogLineAndTheRunEnds() throws Exception {
        worker = OpenSshServer.start("127.0.6.20");
        network = BlackholeProxy.inFrontOf(worker, "127.0.6.21");
        WorkerAddress address = network.workerAddress(worker.user());
        Path knownHosts = Files.writeString(scratch.resolve("known_hosts"),
                "[" + address.host() + "]:" + address.port() + " " + worker.hostPublicKey() + "\n");
        // why /dev/zero: a file that never ends, so the copy is still under way when the network goes silent
        String job = "mkdir -p " + dir + " && ln -sf /dev/zero " + dir + "/endless";
        Path copy = new SessionFiles(sessions).directory(1).resolve("returns/1/" + dir + "/endless");

        try (RunningCli running = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "")
                .args("--workers", address.toString(), "--known-hosts", knownHosts.toString(),
                        "--ssh-identity", worker.clientKey().toString(), "--connect-timeout", "2",
                        // why rare pings: the copy's own bound, not the health watch, must notice the silence
                        "--ping-interval", "600", "--return", dir + "/endless", "--return-max", "4G",
                        "sh", "-c", job)
                .stdinLines(List.of("a")).start()) {
            await().atMost(ofSeconds(60)).until(() -> Files.exists(copy) && Files.size(copy) > 0);
            network.dropEverything();
            CliResult result = running.awaitExit(ofSeconds(90));

            assertThat(result.stdout()).as(result.toString())
                    .contains(": job 1: could not copy back --return " + dir + "/endless: ")
                    .contains("stopped answering: no SFTP reply within 2 s (--connect-timeout)")
                    .contains(": failed (stopped answering while the --return files of job 1 were copied back)")
                    .contains("1 job, 1 ok");
        }
    }
}
