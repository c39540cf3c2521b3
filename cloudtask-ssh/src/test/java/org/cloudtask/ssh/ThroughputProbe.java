package org.cloudtask.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.ssh.testing.OpenSshServer;

/**
 * Not a test: prints jobs/s for N trivial jobs over 2 OpenSSH workers x 2 slots through the transport alone.
 * Run: java -cp ... org.cloudtask.ssh.ThroughputProbe [jobs]
 */
public final class ThroughputProbe {

    /** CPU seconds of this JVM, the sshd processes and the runners (with the jobs they reaped). */
    private static void printCpu(OpenSshServer... servers) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        System.out.printf("controller JVM cpu %.2f s%n", os.getProcessCpuTime() / 1e9);
        long ticks = 100;
        for (OpenSshServer server : servers) {
            for (ProcessHandle p : ProcessHandle.of(server.pid()).orElseThrow().descendants().toList()) {
                String[] f = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).replaceAll("^.*\\) ", "")
                        .split(" ");
                double own = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ticks;
                double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) ticks;
                String name = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
                System.out.printf("  %-40.40s own %.2f s, reaped children %.2f s%n", name, own, children);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path knownHosts = Files.createTempFile("probe", "known_hosts");
        try (OpenSshServer a = OpenSshServer.start("127.0.0.98"); OpenSshServer b = OpenSshServer.start("127.0.0.99")) {
            Files.writeString(knownHosts, a.knownHostsLine() + "\n" + b.knownHostsLine() + "\n");
            SshTransport transport = SshTransport.create(SshSettings.builder().user(a.user())
                    .identityFile(a.clientKey()).identityFile(b.clientKey()).agentSocket(null)
                    .knownHosts(List.of(knownHosts)).build());
            long start = System.nanoTime();
            WorkerConnection ca = transport.connect(a.workerAddress());
            WorkerConnection cb = transport.connect(b.workerAddress());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            List<Thread> slots = new ArrayList<>();
            for (WorkerConnection c : List.of(ca, cb, ca, cb)) {
                slots.add(new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < jobs) {
                        try {
                            var status = c.start(new CommandRequest("echo " + i, Map.of(), "job " + i),
                                    OutputSink.DISCARD).await(Duration.ofSeconds(60)).orElseThrow();
                            if (!status.succeeded()) {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "cloudtask-probe-slot"));
            }
            slots.forEach(Thread::start);
            for (Thread t : slots) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d jobs, %d failed, %.2f s, %.0f jobs/s%n", jobs, failed.get(), seconds, jobs / seconds);
            printCpu(a, b);
            ca.close();
            cb.close();
        } finally {
            Files.deleteIfExists(knownHosts);
        }
    }
}
