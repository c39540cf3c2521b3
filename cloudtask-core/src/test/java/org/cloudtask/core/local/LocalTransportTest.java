package org.cloudtask.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.cloudtask.core.testing.ChildJvm;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LocalTransportTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private synchronized String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private RunningCommand start(String command) throws Exception {
        WorkerConnection connection = new LocalTransport().connect(WorkerAddress.of("local-1"));
        return connection.start(new CommandRequest(command, Map.of("X", "1"), "job 1"), (b, off, len) -> {
            synchronized (output) {
                output.write(b, off, len);
            }
        });
    }

    @Test
    void outputIsStreamedAsItArrivesAndStderrIsMerged() throws Exception {
        RunningCommand command = start("echo out; echo err >&2; sleep 30");
        await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("out\n") && output().contains("err\n"));
        assertThat(command.await(Duration.ofMillis(10))).isEmpty();
        command.kill(Duration.ZERO);
    }

    @Test
    void stdinIsEmpty() throws Exception {
        RunningCommand command = start("cat; echo read-all");
        assertThat(command.await(Duration.ofSeconds(20))).contains(ExitStatus.exited(0));
        assertThat(output()).isEqualTo("read-all\n");
    }

    @Test
    void exitCodeIsReported() throws Exception {
        assertThat(start("exit 42").await(Duration.ofSeconds(20))).contains(ExitStatus.exited(42));
    }

    @Test
    void commandRunsInItsOwnProcessGroupAndKillTakesTheWholeGroup() throws Exception {
        RunningCommand command = start("sleep 300 & echo $!; sleep 300");
        await().atMost(Duration.ofSeconds(10)).until(() -> output().endsWith("\n"));
        long child = Long.parseLong(output().strip());
        long group = command.localProcessGroup().orElseThrow();
        assertThat(group).isNotEqualTo(ProcessHandle.current().pid());

        command.kill(Duration.ofSeconds(2));

        Optional<ExitStatus> status = command.await(Duration.ofSeconds(10));
        assertThat(status).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aNonAsciiCommandRunsUnchangedUnderAnAsciiLocale(@TempDir Path scratch) throws Exception {
        String printed = ChildJvm.run(Map.of("LC_ALL", "C", "LANG", "", "LC_CTYPE", ""), LocalJobPrinter.class, "64m",
                Duration.ofSeconds(60), scratch, java.util.HexFormat.of().formatHex("printf %s 東京".getBytes(StandardCharsets.UTF_8)));

        assertThat(printed).contains("charset US-ASCII").contains("output e69db1e4baac");
    }

    @Test
    void aCommandLongerThanTheKernelsArgumentLimitRuns() throws Exception {
        String word = "y".repeat(300_000);
        RunningCommand command = start("printf %s " + word + " | wc -c");
        assertThat(command.await(Duration.ofSeconds(20))).contains(ExitStatus.exited(0));
        assertThat(output().strip()).isEqualTo("300000");
    }

    @Test
    void defaultWorkersAreNamedLocalOneToN() {
        assertThat(new LocalTransport().defaultWorkers(3)).extracting(WorkerAddress::host)
                .containsExactly("local-1", "local-2", "local-3");
    }

    @Test
    void aKillTakesStraysThatLeftTheProcessGroupAndTheJobEndsWithinItsGrace() throws Exception {
        RunningCommand command = start("setsid sleep 40 & echo $!; echo ready; sleep 100");
        await().atMost(Duration.ofSeconds(10)).until(() -> output().endsWith("ready\n"));
        long stray = Long.parseLong(output().lines().findFirst().orElseThrow().strip());

        long before = System.nanoTime();
        command.kill(Duration.ofSeconds(2));
        Optional<ExitStatus> status = command.await(Duration.ofSeconds(10));

        assertThat(status).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(stray).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aDaemonThatDoubleForkedBeforeTheKillEscapesItButTheJobStillEndsWithinItsGrace() throws Exception {
        RunningCommand command = start("(setsid sh -c 'sleep 40' & echo $!); echo ready; sleep 100");
        await().atMost(Duration.ofSeconds(10)).until(() -> output().endsWith("ready\n"));
        long daemon = Long.parseLong(output().lines().findFirst().orElseThrow().strip());
        try {
            long before = System.nanoTime();
            command.kill(Duration.ofSeconds(1));
            Optional<ExitStatus> status = command.await(Duration.ofSeconds(10));

            assertThat(status).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
            assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive)).contains(true);
        } finally {
            ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
