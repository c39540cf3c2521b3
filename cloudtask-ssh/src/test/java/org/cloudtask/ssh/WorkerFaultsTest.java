package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerLostException;
import org.cloudtask.ssh.testing.BlackholeProxy;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs, kills and failures on a real OpenSSH worker. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WorkerFaultsTest {

    @TempDir
    Path temp;

    private OpenSshServer worker;
    private WorkerConnection connection;

    @BeforeEach
    void connect() throws Exception {
        worker = OpenSshServer.start("127.0.0.61");
        connection = SshTransport.create(TestWorkers.settingsFor(worker, temp.resolve("known_hosts")).build())
                .connect(worker.workerAddress());
    }

    @AfterEach
    void stop() throws IOException {
        if (connection != null) {
            connection.close();
        }
        worker.thaw();
        worker.close();
    }

    @Test
    void manyJobsShareOneConnectionAcrossSeveralSlots() throws Exception {
        ExecutorService slots = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> outputs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int job = i;
                outputs.add(slots.submit(() -> {
                    CollectingSink sink = new CollectingSink();
                    RunningCommand running = connection.start(
                            new CommandRequest("echo job $N", Map.of("N", Integer.toString(job)), "job " + job), sink);
                    assertThat(running.await(Duration.ofSeconds(30))).contains(ExitStatus.exited(0));
                    return sink.text();
                }));
            }
            for (int i = 0; i < outputs.size(); i++) {
                assertThat(outputs.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("job " + i + "\n");
            }
        } finally {
            slots.shutdownNow();
        }
        assertThat(worker.log().lines().filter(line -> line.contains("Accepted publickey"))).hasSize(1);
    }

    @Test
    void timedOutJobLeavesNoProcessBehind() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand running = TestWorkers.start(connection, "echo $$; sleep 600 & sleep 600", sink);
        long group = TestWorkers.firstLineAsNumber(sink);
        assertThat(running.await(Duration.ofMillis(200))).isEmpty();
        assertThat(TestWorkers.processGroupAlive(group)).isTrue();

        running.kill(Duration.ofSeconds(5));

        assertThat(running.await(Duration.ofSeconds(10))).contains(ExitStatus.killedBy("TERM", 15));
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestWorkers.processGroupAlive(group));
    }

    @Test
    void jobThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand running = TestWorkers.start(connection, "trap '' TERM; echo $$; sleep 600 & sleep 600", sink);
        long group = TestWorkers.firstLineAsNumber(sink);

        running.kill(Duration.ofMillis(300));

        assertThat(running.await(Duration.ofSeconds(10))).contains(ExitStatus.killedBy("KILL", 9));
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestWorkers.processGroupAlive(group));
    }

    @Test
    void killingAFinishedJobDoesNothing() throws Exception {
        RunningCommand running = TestWorkers.start(connection, "true", new CollectingSink());
        assertThat(running.await(Duration.ofSeconds(10))).contains(ExitStatus.exited(0));
        running.kill(Duration.ofSeconds(1));
        running.kill(Duration.ofSeconds(1));
    }

    @Test
    void frozenWorkerFailsItsPingWithinThePingTimeout() throws Exception {
        connection.ping(Duration.ofSeconds(5));
        worker.freeze();

        assertThatThrownBy(() -> connection.ping(Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("ping of");
    }

    @Test
    void aPingOfAFrozenWorkerHoldsNoThreadWhileItWaitsAndFailsAtItsTimeout() throws Exception {
        java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        java.util.concurrent.Executor counting = task -> pool.execute(() -> {
            busy.incrementAndGet();
            try {
                task.run();
            } finally {
                busy.decrementAndGet();
            }
        });
        try {
            connection.pingAsync(Duration.ofSeconds(5), counting).get(10, TimeUnit.SECONDS);
            worker.freeze();

            java.util.concurrent.CompletableFuture<Void> ping = connection.pingAsync(Duration.ofSeconds(2), counting);

            await().atMost(Duration.ofSeconds(1)).until(() -> busy.get() == 0);
            assertThat(ping).isNotDone();
            await().atMost(Duration.ofSeconds(5)).until(ping::isDone);
            assertThat(ping).isCompletedExceptionally();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void killedSshdLosesTheRunningCommandAndLeavesNoProcessBehind() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand running = TestWorkers.start(connection, "echo $$; sleep 600", sink);
        long group = TestWorkers.firstLineAsNumber(sink);

        worker.killWithSessions();

        assertThatThrownBy(() -> running.await(Duration.ofSeconds(20)))
                .isInstanceOf(WorkerLostException.class).hasMessageContaining("lost contact with");
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestWorkers.processGroupAlive(group));
        assertThatThrownBy(() -> connection.ping(Duration.ofSeconds(1))).isInstanceOf(IOException.class);
    }

    @Test
    void workerBehindANetworkThatDropsEverythingFailsItsPingAndClosingReportsItsJobLost() throws Exception {
        try (BlackholeProxy network = BlackholeProxy.inFrontOf(worker, "127.0.0.65")) {
            WorkerConnection throughNetwork = SshTransport.create(TestWorkers.settingsFor(worker,
                    temp.resolve("kh2")).build()).connect(network.workerAddress(worker.user())
                    .withHostKey(worker.hostPublicKey()));
            CollectingSink sink = new CollectingSink();
            RunningCommand running = TestWorkers.start(throughNetwork, "echo $$; sleep 600", sink);
            long group = TestWorkers.firstLineAsNumber(sink);

            network.dropEverything();

            assertThatThrownBy(() -> throughNetwork.ping(Duration.ofSeconds(1))).isInstanceOf(IOException.class);
            assertThat(running.await(Duration.ofMillis(100))).isEmpty();
            throughNetwork.close();
            assertThatThrownBy(() -> running.await(Duration.ofSeconds(10))).isInstanceOf(WorkerLostException.class);
            network.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> !TestWorkers.processGroupAlive(group));
        }
    }

    @Test
    void closingTheConnectionKillsWhatStillRuns() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand running = TestWorkers.start(connection, "echo $$; sleep 600 & sleep 600", sink);
        long group = TestWorkers.firstLineAsNumber(sink);

        connection.close();

        assertThatThrownBy(() -> running.await(Duration.ofSeconds(10))).isInstanceOf(WorkerLostException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestWorkers.processGroupAlive(group));
    }

    @Test
    void streamsOutputWhileTheJobRuns() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningCommand running = TestWorkers.start(connection, "echo first; sleep 600", sink);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.text().equals("first\n"));
        assertThat(running.await(Duration.ZERO)).isEmpty();
        running.kill(Duration.ofSeconds(1));
    }
}
