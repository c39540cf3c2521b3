package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 items 2 and 7 on a real OpenSSH worker: a kill reaches the job at once through the runner, takes its
 * whole process tree (strays that left its process group too), and the job ends within its kill grace whatever still
 * holds its output open.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RunnerKillTest {

    @TempDir
    static Path temp;

    static OpenSshServer worker;
    static WorkerConnection connection;

    @BeforeAll
    static void connect() throws Exception {
        worker = OpenSshServer.start("127.0.0.61");
        SshSettings settings = SshSettings.builder().user(worker.user()).identityFile(worker.clientKey())
                .agentSocket(null).knownHosts(java.util.List.of(worker.writeKnownHosts(temp.resolve("known_hosts"))))
                .build();
        connection = SshTransport.create(settings).connect(worker.workerAddress());
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    private static RunningCommand start(String command, CollectingSink sink) throws Exception {
        RunningCommand running = connection.start(new CommandRequest(command, Map.of(), "test"), sink);
        // why: the job prints once everything it starts is in place
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.text().endsWith("ready\n"));
        return running;
    }

    private static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    @Test
    void aJobThatObeysTermEndsAtOnceAfterTheKill() throws Exception {
        RunningCommand job = start("echo ready; sleep 100", new CollectingSink());

        long before = System.nanoTime();
        job.kill(Duration.ofSeconds(10));
        Optional<ExitStatus> status = job.await(Duration.ofSeconds(10));

        assertThat(status).contains(ExitStatus.killedBy("TERM", 15));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aStrayThatLeftTheJobsProcessGroupDiesWithItAndTheJobEndsWithinItsGrace() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand job = start("setsid sleep 40 & echo $!; echo ready; sleep 100", sink);
        long stray = Long.parseLong(sink.text().lines().findFirst().orElseThrow().strip());
        assertThat(alive(stray)).isTrue();

        long before = System.nanoTime();
        job.kill(Duration.ofSeconds(2));
        Optional<ExitStatus> status = job.await(Duration.ofSeconds(10));

        assertThat(status).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(stray));
    }

    @Test
    void aDaemonThatDoubleForkedBeforeTheKillEscapesItButTheJobStillEndsWithinItsGrace() throws Exception {
        CollectingSink sink = new CollectingSink();
        // the daemon's parent exits at once, so it is no longer in the job's tree; it keeps the output open
        RunningCommand job = start("(setsid sh -c 'trap \"\" TERM; sleep 40' & echo $!); echo ready; "
                + "trap '' TERM; sleep 100", sink);
        long daemon = Long.parseLong(sink.text().lines().findFirst().orElseThrow().strip());
        try {
            long before = System.nanoTime();
            job.kill(Duration.ofSeconds(1));
            Optional<ExitStatus> status = job.await(Duration.ofSeconds(10));

            assertThat(status).contains(ExitStatus.killedBy("KILL", 9));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
            assertThat(alive(daemon)).as("what escapes a kill, as docs/workers.md says").isTrue();
        } finally {
            new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        }
    }
}
