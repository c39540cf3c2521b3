package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SSH connection costs one thread, JSch's, whatever it does at the moment (a job running, a ping, a file being
 * copied back); what else the transport needs is shared by all connections.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ThreadsPerConnectionTest {

    @TempDir
    Path temp;

    @Test
    void tenBusyConnectionsCostTenThreadsAndAFixedFew() throws Exception {
        String name = ".cache/cloudtask-threads-test-" + UUID.randomUUID();
        Path file = Path.of(System.getProperty("user.home")).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "returned\n");
        List<WorkerConnection> connections = new ArrayList<>();
        List<InputStream> copies = new ArrayList<>();
        try (OpenSshServer sshd = OpenSshServer.startOnEach(IntStream.rangeClosed(101, 110)
                .mapToObj(i -> "127.0.18." + i).toList())) {
            Path knownHosts = Files.write(temp.resolve("known_hosts"), sshd.knownHostsLines());
            SshTransport transport = SshTransport.create(SshSettings.builder().user(sshd.user())
                    .identityFile(sshd.clientKey()).agentSocket(null).knownHosts(List.of(knownHosts)).build());
            for (WorkerAddress address : sshd.workerAddresses()) {
                WorkerConnection connection = transport.connect(address);
                connections.add(connection);
                RunningCommand job = TestWorkers.start(connection, "sleep 30", new CollectingSink());
                assertThat(job.await(Duration.ofMillis(10))).isEmpty();
                connection.ping(Duration.ofSeconds(10));
                copies.add(connection.openFile(name));
            }

            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("cloudtask-")).count();
            System.out.println("ThreadsPerConnectionTest: " + threads + " cloudtask threads for 10 busy connections");

            assertThat(threads).isLessThanOrEqualTo(10 + 3);
            assertThat(new String(copies.get(9).readAllBytes())).isEqualTo("returned\n");
        } finally {
            for (InputStream copy : copies) copy.close();
            connections.forEach(WorkerConnection::close);
            Files.deleteIfExists(file);
        }
    }
}
