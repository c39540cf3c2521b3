package org.cloudtask.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;

/**
 * Not a test: prints the milliseconds per job of one slot running short jobs one after another on an OpenSSH worker
 * through the transport alone, first each started when the one before has ended ({@code start}), then each queued on
 * the worker behind the one before ({@code startAfter}). Run:
 * {@code java -cp ... org.cloudtask.ssh.SlotLatencyProbe [jobs] [command] [mode: both|start|queued]}
 */
public final class SlotLatencyProbe {

    private static final Duration WAIT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        String command = args.length > 1 ? args[1] : "sleep 0.1; echo";
        String mode = args.length > 2 ? args[2] : "both";
        Path knownHosts = Files.createTempFile("probe", "known_hosts");
        try (OpenSshServer server = OpenSshServer.start("127.0.4.20")) {
            Files.writeString(knownHosts, server.knownHostsLine() + "\n");
            WorkerConnection connection = SshTransport.create(SshSettings.builder().user(server.user())
                    .identityFile(server.clientKey()).agentSocket(null).knownHosts(List.of(knownHosts)).build())
                    .connect(server.workerAddress());
            runOne(connection, command); // warms up the JVM's code paths and the runner's first spare
            if (!mode.equals("queued")) {
                report("start     ", jobs, command, timeStarted(connection, jobs, command));
            }
            if (!mode.equals("start")) {
                report("startAfter", jobs, command, timeQueued(connection, jobs, command));
            }
            connection.close();
        } finally {
            Files.deleteIfExists(knownHosts);
        }
    }

    private static long timeStarted(WorkerConnection connection, int jobs, String command) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            runOne(connection, command + " " + i);
        }
        return System.nanoTime() - start;
    }

    /** As the engine's slot would: while job i runs, job i+1 waits on the worker behind it. */
    private static long timeQueued(WorkerConnection connection, int jobs, String command) throws Exception {
        long start = System.nanoTime();
        RunningCommand running = connection.start(request(command + " 0"), OutputSink.DISCARD);
        for (int i = 1; i < jobs; i++) {
            QueuedCommand next = connection.startAfter(running, request(command + " " + i), OutputSink.DISCARD)
                    .orElseThrow();
            running.await(WAIT).orElseThrow();
            running = next;
        }
        running.await(WAIT).orElseThrow();
        return System.nanoTime() - start;
    }

    private static void runOne(WorkerConnection connection, String command) throws Exception {
        connection.start(request(command), OutputSink.DISCARD).await(WAIT).orElseThrow();
    }

    private static CommandRequest request(String command) {
        return new CommandRequest(command, Map.of("CLOUDTASK_JOB", "1"), "probe job");
    }

    private static void report(String mode, int jobs, String command, long nanos) {
        System.out.printf("%s %d x '%s': %.2f ms per job%n", mode, jobs, command, nanos / 1e6 / jobs);
    }
}
