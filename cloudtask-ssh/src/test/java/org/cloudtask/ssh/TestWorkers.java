package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;

/** Small helpers shared by the transport tests. */
final class TestWorkers {

    private TestWorkers() {
    }

    /** Settings that trust exactly this server's host key and log in with its ed25519 client key. */
    static SshSettings.Builder settingsFor(OpenSshServer server, Path knownHosts) throws IOException {
        return SshSettings.builder().user(server.user()).identityFile(server.clientKey()).agentSocket(null)
                .knownHosts(List.of(server.writeKnownHosts(knownHosts)));
    }

    static RunningCommand start(WorkerConnection connection, String command, CollectingSink sink) throws IOException {
        return connection.start(new CommandRequest(command, Map.of(), "test job"), sink);
    }

    /** Whether any process is left in this process group on this machine (the workers are local). */
    static boolean processGroupAlive(long processGroup) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-g", Long.toString(processGroup)).start();
        if (!pgrep.waitFor(10, TimeUnit.SECONDS)) {
            pgrep.destroyForcibly();
            throw new IOException("pgrep hung");
        }
        return pgrep.exitValue() == 0;
    }

    /** The runner's spare shells (started ahead of need, see runner.pl) among the processes this server started. */
    static List<Long> spares(OpenSshServer server) {
        return server.descendantPids().stream().filter(TestWorkers::isSpare).toList();
    }

    /** The runners themselves (one per connection) among the processes this server started. */
    static List<Long> runners(OpenSshServer server) {
        return server.descendantPids().stream().filter(pid -> commandLine(pid).equals("cloudtask-runner")).toList();
    }

    private static boolean isSpare(long pid) {
        return commandLine(pid).equals("sh -c . /dev/stdin");
    }

    /** What ps shows as the process's command line (the runner sets its own); empty once the process is gone. */
    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /** The first line a job printed, once it has printed one; jobs here start with {@code echo $$}. */
    static long firstLineAsNumber(CollectingSink sink) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.text().contains("\n"));
        return Long.parseLong(sink.text().lines().findFirst().orElseThrow().strip());
    }
}
