package org.cloudtask.ssh;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.cloudtask.ssh.testing.OpenSshServer;

/**
 * Not a test: prints the controller CPU per connection with a known_hosts file of 1 line and of N lines (one per
 * other host, ed25519), connecting to one OpenSSH worker M times through one transport.
 * Run: java -cp ... org.cloudtask.ssh.KnownHostsCostProbe [lines] [connections]
 */
public final class KnownHostsCostProbe {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path directory = Files.createTempDirectory("cloudtask-known-hosts-probe-");
        try (OpenSshServer worker = OpenSshServer.start("127.0.0.65")) {
            measure(worker, directory, 0, 5); // warm-up: class loading and JIT
            double small = measure(worker, directory, 0, connections);
            double large = measure(worker, directory, lines, connections);
            System.out.printf("controller CPU per connection: %.1f ms with 1 known_hosts line, %.1f ms with %d%n",
                    small, large, lines + 1);
        }
    }

    private static double measure(OpenSshServer worker, Path directory, int otherLines, int connections)
            throws Exception {
        Path knownHosts = directory.resolve("known_hosts_" + otherLines);
        StringBuilder text = new StringBuilder();
        Random random = new Random(otherLines);
        for (int i = 0; i < otherLines; i++) {
            text.append("[127.1.").append(i / 250).append('.').append(i % 250).append("]:22 ")
                    .append(randomEd25519(random)).append('\n');
        }
        text.append(worker.knownHostsLine()).append('\n');
        Files.writeString(knownHosts, text.toString(), StandardCharsets.UTF_8);
        SshTransport transport = SshTransport.create(SshSettings.builder().user(worker.user())
                .identityFile(worker.clientKey()).agentSocket(null).knownHosts(List.of(knownHosts)).build());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        for (int i = 0; i < connections; i++) {
            transport.connect(worker.workerAddress()).close();
        }
        return (os.getProcessCpuTime() - before) / 1e6 / connections;
    }

    private static String randomEd25519(Random random) throws IOException {
        byte[] key = new byte[32];
        random.nextBytes(key);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(blob);
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        out.writeInt(type.length);
        out.write(type);
        out.writeInt(key.length);
        out.write(key);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray());
    }
}
