package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.cloudtask.ssh.testing.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job cannot get at the runner that started it: the runner is non-dumpable, so its /proc fds (the frames of every
 * job of the connection) and its environment are closed to jobs of the same login. Over real OpenSSH, logged in as an
 * ordinary user: the test's own user, or a test user when the suite runs as root (a root job may read anything, and
 * a root runner's fds are closed to unprivileged processes anyway).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunnerIsolationTest {

    /** Finds the runner among the job's ancestors (field 2 after the command name in stat is the parent), then tries
     * what a hostile job would. */
    private static final String PROBE = """
            pid=$$
            while [ "$pid" -gt 1 ]; do
              pid=$(sed 's/.*) //' /proc/$pid/stat | cut -d' ' -f2)
              case "$(tr '\\0' ' ' < /proc/$pid/cmdline)" in cloudtask-runner*) break;; esac
            done
            echo "runner found: $( [ "$pid" -gt 1 ] && echo yes || echo no)"
            if cat /proc/$pid/environ >/dev/null 2>&1; then echo "environ: readable"; else echo "environ: refused"; fi
            if ls /proc/$pid/fd >/dev/null 2>&1; then echo "fd list: readable"; else echo "fd list: refused"; fi
            if (exec 3</proc/$pid/fd/0) 2>/dev/null; then echo "fd 0: opened"; else echo "fd 0: refused"; fi
            if (exec 4>/proc/$pid/fd/1) 2>/dev/null; then echo "fd 1: opened"; else echo "fd 1: refused"; fi
            """;

    @TempDir
    Path temp;

    @Test
    void aJobCanNeitherOpenTheRunnersFdsNorReadItsEnvironment() throws Exception {
        try (OpenSshServer worker = OpenSshServer.start("127.0.0.151")) {
            String login = worker.user();
            if (TestUser.runningAsRoot()) {
                login = TestUser.ensure("cloudtask-probe");
                worker.allowLogin(login);
            }
            List<String> warnings = new CopyOnWriteArrayList<>();
            SshSettings settings = SshSettings.builder().user(login).identityFile(worker.clientKey())
                    .agentSocket(null).knownHosts(List.of(worker.writeKnownHosts(temp.resolve("known_hosts"))))
                    .warnings(warnings::add).build();
            try (WorkerConnection connection = SshTransport.create(settings)
                    .connect(new WorkerAddress(login, worker.host(), worker.port(), 0, null))) {
                CollectingSink sink = new CollectingSink();
                connection.start(new CommandRequest(PROBE, Map.of(), "probe"), sink)
                        .await(Duration.ofSeconds(30)).orElseThrow();

                assertThat(sink.text().lines()).containsExactly("runner found: yes", "environ: refused",
                        "fd list: refused", "fd 0: refused", "fd 1: refused");
                assertThat(warnings).isEmpty();
            }
        }
    }
}
