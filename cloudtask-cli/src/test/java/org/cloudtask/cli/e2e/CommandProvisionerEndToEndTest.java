package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bin/cloudtask with --launch-command and --destroy-command shell scripts: the "cloud" is a pool of OpenSSH
 * workers the launch script hands out, and the destroy script records what it was asked to destroy.
 */
@Timeout(240)
class CommandProvisionerEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    private CloudWorkers workers;
    private JobScripts scripts;
    private Path destroyed;

    @BeforeEach
    void start() {
        workers = new CloudWorkers(sessions, scratch);
        scripts = new JobScripts(scratch);
        destroyed = scratch.resolve("destroyed");
    }

    @AfterEach
    void stop() throws IOException {
        workers.close();
    }

    /** One listed worker and two more in the launch script's pool; returns the pool's addresses. */
    private List<String> startWorkersWithPool() throws IOException {
        List<OpenSshServer> all = workers.startListed(3);
        List<String> pool = all.subList(1, 3).stream().map(w -> w.user() + "@" + w.host() + ":" + w.port()).toList();
        Files.write(scratch.resolve("pool"), pool);
        return pool;
    }

    private CliProcess cli(Path job) throws IOException {
        Path launch = scripts.script("launch", """
                # launch N: hands out the first N machines of the pool, one line each, as each is ready
                echo "asked for $1 in session $CLOUDTASK_SESSION" >&2
                head -n "$1" '%s'
                """.formatted(scratch.resolve("pool")));
        Path destroy = scripts.script("destroy", """
                # destroy ADDRESS...: records what it was asked to destroy, and in which session
                for a in "$@"; do echo "$CLOUDTASK_SESSION $a" >> '%s'; done
                """.formatted(destroyed));
        return workers.cli("--workers", workers.listed().get(0).user() + "@" + workers.listed().get(0).host() + ":"
                        + workers.listed().get(0).port(), "--split", "3",
                "--launch-command", launch.toString(), "--destroy-command", destroy.toString(), job.toString());
    }

    @Test
    void launchedMachinesRunJobsAndAreEachDestroyedOnce() throws Exception {
        List<String> pool = startWorkersWithPool();

        CliResult result = cli(scripts.marking("job", "0.3")).stdinLines(CloudWorkers.numbers(20)).run(ofSeconds(180));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("launch command: asked for 2 in session 1");
        for (OpenSshServer w : workers.listed().subList(1, 3)) {
            assertThat(result.stdout()).contains(w.host() + ":" + w.port() + ": joined");
        }
        assertThat(Files.readAllLines(destroyed)).containsExactlyInAnyOrder("1 " + pool.get(0), "1 " + pool.get(1));
    }

    @Test
    void afterTheControllerIsKilledDestroyWorkersSessionRunsTheDestroyCommandForWhatTheJournalHolds() throws Exception {
        List<String> pool = startWorkersWithPool();
        try (RunningCli running = cli(scripts.marking("job", "60")).stdinLines(CloudWorkers.numbers(6)).start()) {
            await().atMost(ofSeconds(90)).until(() -> JobScripts.count(scripts.marks(), "start").size() == 3);
            running.signal("KILL");
            running.awaitExit(ofSeconds(30));
        }
        assertThat(destroyed).doesNotExist();

        CliResult result = workers.withCredentials("destroy-workers", "--session", "1").run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("session 1: destroyed 2 of 2 workers");
        assertThat(Files.readAllLines(destroyed)).containsExactlyInAnyOrder("1 " + pool.get(0), "1 " + pool.get(1));
    }
}
