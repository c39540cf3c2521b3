package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerLostException;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs queued on a real OpenSSH worker behind another job ({@link WorkerConnection#startAfter}). The worker is this
 * machine, so the tests hold jobs back with gate files and look for what they left in the file system.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueuedJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    static OpenSshServer worker;
    private WorkerConnection connection;

    @BeforeAll
    static void startWorker() throws IOException {
        worker = OpenSshServer.start("127.0.4.10");
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @BeforeEach
    void connect() throws Exception {
        connection = connect(temp.resolve("known_hosts"));
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    private static WorkerConnection connect(Path knownHosts) throws Exception {
        return SshTransport.create(TestWorkers.settingsFor(worker, knownHosts).build()).connect(worker.workerAddress());
    }

    private RunningCommand start(String command, CollectingSink sink) throws IOException {
        return TestWorkers.start(connection, command, sink);
    }

    private QueuedCommand startAfter(RunningCommand previous, String command, CollectingSink sink)
            throws IOException {
        return connection.startAfter(previous, new CommandRequest(command, Map.of(), "queued job"), sink)
                .orElseThrow();
    }

    /** A command that waits until the test creates the file {@code gate}. */
    private String waitFor(Path gate) {
        return "while [ ! -e " + gate + " ]; do sleep 0.02; done";
    }

    /** A first job held back by a gate file, and a job queued behind it that would leave a marker file if it ran. */
    private record HeldBack(Path gate, Path marker, RunningCommand first, QueuedCommand second) {
    }

    private HeldBack markerJobBehindAGate() throws IOException {
        Path gate = temp.resolve("gate");
        Path marker = temp.resolve("queued-job-ran");
        RunningCommand first = start(waitFor(gate), new CollectingSink());
        return new HeldBack(gate, marker, first, startAfter(first, "touch " + marker, new CollectingSink()));
    }

    @Test
    void queuedJobStartsOnlyOnceItsPredecessorHasEnded() throws Exception {
        Path gate = temp.resolve("gate");
        Path log = temp.resolve("log");
        RunningCommand first = start(waitFor(gate) + "; echo first >> " + log, new CollectingSink());
        CollectingSink secondOutput = new CollectingSink();
        QueuedCommand second = startAfter(first, "echo second >> " + log + "; echo done", secondOutput);

        assertThat(second.awaitStart(Duration.ofMillis(300))).isEmpty();
        Files.createFile(gate);

        assertThat(second.awaitStart(WAIT)).isPresent();
        assertThat(first.await(Duration.ZERO)).as("the predecessor's end is reported before the start")
                .contains(ExitStatus.exited(0));
        assertThat(second.await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(secondOutput.text()).isEqualTo("done\n");
        assertThat(Files.readAllLines(log)).containsExactly("first", "second");
    }

    @Test
    void jobsQueuedInAChainRunOneAfterAnotherInOrder() throws Exception {
        Path log = temp.resolve("log");
        RunningCommand previous = start("echo 1 >> " + log, new CollectingSink());
        for (int i = 2; i <= 5; i++) {
            previous = startAfter(previous, "echo " + i + " >> " + log, new CollectingSink());
        }
        assertThat(previous.await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(Files.readAllLines(log)).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void withdrawnJobNeverRunsAndTheJobBehindItWaitsForItsPredecessor() throws Exception {
        HeldBack held = markerJobBehindAGate();
        QueuedCommand second = held.second();
        CollectingSink thirdOutput = new CollectingSink();
        QueuedCommand third = startAfter(second, "echo third", thirdOutput);

        assertThat(second.withdraw(WAIT)).isTrue();
        assertThat(second.withdraw(WAIT)).as("asked again").isTrue();
        assertThat(second.withdrawn()).isTrue();
        assertThat(second.awaitStart(Duration.ZERO)).isEmpty();
        assertThat(third.awaitStart(Duration.ofMillis(300))).as("still behind the first").isEmpty();
        Files.createFile(held.gate());

        assertThat(third.await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(thirdOutput.text()).isEqualTo("third\n");
        assertThat(held.first().await(Duration.ZERO)).contains(ExitStatus.exited(0));
        assertThat(held.marker()).doesNotExist();
        second.kill(Duration.ofSeconds(1)); // nothing to kill: returns quietly
    }

    /** The engine's idle slots take jobs back this way: the answer comes on JSch's thread, no thread of ours waits. */
    @Test
    void withdrawingAsynchronouslyNeedsNoThreadOfOursAndAnswersAsWithdrawDoes() throws Exception {
        HeldBack held = markerJobBehindAGate();
        java.util.concurrent.Executor noThread = task -> {
            throw new AssertionError("the SSH transport needs no thread to wait for a withdrawal's answer");
        };

        assertThat(held.second().withdrawAsync(WAIT, noThread).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(held.second().withdrawn()).isTrue();
        Files.createFile(held.gate());
        assertThat(held.first().await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(held.marker()).doesNotExist();

        RunningCommand running = start("sleep 600", new CollectingSink());
        QueuedCommand behind = startAfter(running, "true", new CollectingSink());
        connection.close();
        assertThatThrownBy(() -> behind.withdrawAsync(WAIT, noThread).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(WorkerLostException.class);
    }

    @Test
    void withdrawingAJobThatStartedFailsAndTheJobRunsToItsEnd() throws Exception {
        Path gate = temp.resolve("gate");
        RunningCommand first = start("true", new CollectingSink());
        CollectingSink output = new CollectingSink();
        QueuedCommand second = startAfter(first, "echo running; " + waitFor(gate) + "; echo finished", output);
        await().atMost(WAIT).until(() -> output.text().equals("running\n"));

        assertThat(second.withdraw(WAIT)).isFalse();
        assertThat(second.withdrawn()).isFalse();
        Files.createFile(gate);

        assertThat(second.await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(output.text()).isEqualTo("running\nfinished\n");
        assertThat(second.awaitStart(Duration.ZERO)).isPresent();
    }

    @Test
    void withdrawingBeforeTheStartReportArrivesAsksTheWorker() throws Exception {
        RunningCommand first = start("true", new CollectingSink());
        assertThat(first.await(WAIT)).contains(ExitStatus.exited(0));
        QueuedCommand second = startAfter(first, "echo ran", new CollectingSink());

        assertThat(second.withdraw(WAIT)).as("its predecessor had ended, so it started at once").isFalse();
        assertThat(second.await(WAIT)).contains(ExitStatus.exited(0));
    }

    @Test
    void jobQueuedBehindAKilledJobStartsAfterTheKill() throws Exception {
        CollectingSink firstOutput = new CollectingSink();
        RunningCommand first = start("echo $$; sleep 600", firstOutput);
        CollectingSink secondOutput = new CollectingSink();
        QueuedCommand second = startAfter(first, "echo second", secondOutput);
        long group = TestWorkers.firstLineAsNumber(firstOutput);
        assertThat(second.awaitStart(Duration.ofMillis(300))).isEmpty();

        first.kill(Duration.ofSeconds(5));

        assertThat(first.await(WAIT)).contains(ExitStatus.killedBy("TERM", 15));
        assertThat(second.await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(secondOutput.text()).isEqualTo("second\n");
        await().atMost(WAIT).until(() -> !TestWorkers.processGroupAlive(group)); // its orphans are reaped by init
    }

    @Test
    void killingAQueuedJobBeforeItStartsWithdrawsIt() throws Exception {
        HeldBack held = markerJobBehindAGate();

        held.second().kill(Duration.ofSeconds(1));

        assertThat(held.second().withdrawn()).isTrue();
        QueuedCommand third = startAfter(held.first(), "echo third", new CollectingSink());
        Files.createFile(held.gate());
        assertThat(third.await(WAIT)).contains(ExitStatus.exited(0));
        assertThat(held.marker()).doesNotExist();
    }

    @Test
    void closingTheConnectionLosesTheQueuedJobWhichNeverRuns() throws Exception {
        Path marker = temp.resolve("queued-job-ran");
        CollectingSink firstOutput = new CollectingSink();
        RunningCommand first = start("echo $$; sleep 600", firstOutput);
        QueuedCommand second = startAfter(first, "touch " + marker, new CollectingSink());
        long group = TestWorkers.firstLineAsNumber(firstOutput);
        List<Long> started = worker.descendantPids();

        connection.close();

        assertThatThrownBy(() -> second.awaitStart(WAIT)).isInstanceOf(WorkerLostException.class);
        assertThatThrownBy(() -> second.withdraw(WAIT)).isInstanceOf(WorkerLostException.class);
        await().atMost(WAIT).until(() -> !TestWorkers.processGroupAlive(group));
        await().atMost(WAIT).until(() -> started.stream().noneMatch(QueuedJobsTest::isAlive)); // the runner too
        assertThat(marker).doesNotExist();
    }

    @Test
    void closingTheConnectionLeavesNoSpareNorJobBehind() throws Exception {
        CollectingSink output = new CollectingSink();
        RunningCommand running = start("echo $$; sleep 600", output);
        TestWorkers.firstLineAsNumber(output);
        await().atMost(WAIT).until(() -> !TestWorkers.spares(worker).isEmpty());
        List<Long> started = worker.descendantPids();

        connection.close();

        assertThatThrownBy(() -> running.await(WAIT)).isInstanceOf(WorkerLostException.class);
        await().atMost(WAIT).until(() -> started.stream().noneMatch(QueuedJobsTest::isAlive));
    }

    @Test
    void sparesExitOnTheirOwnWhenTheRunnerDiesWithoutCleaningUp() throws Exception {
        await().atMost(WAIT).until(() -> !TestWorkers.spares(worker).isEmpty());
        List<Long> spares = TestWorkers.spares(worker);
        await().atMost(WAIT).until(() -> TestWorkers.runners(worker).size() == 1); // earlier tests' runners have gone

        ProcessHandle.of(TestWorkers.runners(worker).get(0)).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL

        await().atMost(WAIT).until(() -> spares.stream().noneMatch(QueuedJobsTest::isAlive));
    }

    @Test
    void onlyACommandOfTheSameConnectionCanBeWaitedOn() throws Exception {
        try (WorkerConnection other = connect(temp.resolve("kh2"))) {
            RunningCommand elsewhere = TestWorkers.start(other, "true", new CollectingSink());
            assertThat(connection.startAfter(elsewhere, new CommandRequest("true", Map.of(), "x"),
                    new CollectingSink())).isEmpty();
            assertThat(elsewhere.await(WAIT)).contains(ExitStatus.exited(0));
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
