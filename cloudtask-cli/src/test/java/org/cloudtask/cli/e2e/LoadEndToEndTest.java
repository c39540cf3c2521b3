package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.cloudtask.core.session.SessionReader;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent jobs printing a lot over four OpenSSH workers (127.0.2.40-43, MaxSessions raised) with the controller
 * held to a small heap: every stored output is byte-identical to what its job printed (sha256). Full size:
 * {@code -Dcloudtask.load.jobs=200 -Dcloudtask.load.megabytes=10}; CI runs a smaller default.
 */
@Timeout(3600)
class LoadEndToEndTest {

    private static final int JOBS = Integer.getInteger("cloudtask.load.jobs", 40);
    private static final int MEGABYTES = Integer.getInteger("cloudtask.load.megabytes", 2);
    private static final String HEAP = System.getProperty("cloudtask.load.heap", "-Xmx128m");
    private static final int WORKERS = 4;

    @TempDir
    Path sessions;
    @TempDir
    Path scratch;
    private final List<OpenSshServer> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(OpenSshServer::close);
    }

    @Test
    void everyStoredOutputIsByteIdenticalUnderLoadOnABoundedHeap() throws Exception {
        int slots = (JOBS + WORKERS - 1) / WORKERS;
        StringBuilder knownHosts = new StringBuilder();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            OpenSshServer w = OpenSshServer.start("127.0.2." + (40 + i), slots + 16, (slots + 16) + ":30:400");
            workers.add(w);
            knownHosts.append(w.knownHostsLine()).append('\n');
            addresses.add(slots + "/" + w.user() + "@" + w.host() + ":" + w.port());
        }
        Path known = Files.writeString(scratch.resolve("known_hosts"), knownHosts);
        Path job = scratch.resolve("print.sh");
        // why: each line holds the job id and a line number, so a lost, doubled or swapped chunk changes the checksum
        Files.writeString(job, "#!/bin/sh\nsleep 2\nseq 1 100000000 | sed \"s/^/$1 /\" | head -c $2\n");
        Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rwx------"));
        long bytes = MEGABYTES * 1024L * 1024L;
        List<String> input = IntStream.rangeClosed(1, JOBS).mapToObj(i -> i + " " + bytes).toList();

        long started = System.nanoTime();
        CliProcess cli = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "").env("CLOUDTASK_JAVA_OPTS", HEAP)
                .args("--workers", String.join(",", addresses), "--known-hosts", known.toString(), "--quiet");
        for (OpenSshServer w : workers) cli.args("--ssh-identity", w.clientKey().toString());
        CliResult result = cli.args(job.toString()).stdinLines(input).run(ofSeconds(3000));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.toString()).doesNotContain("OutOfMemoryError");
        Path session = sessions.resolve("1");
        List<AttemptRecord> attempts = SessionReader.attempts(session);
        assertThat(attempts).hasSize(JOBS).allMatch(a -> a.result().equals("EXIT=0"));
        for (AttemptRecord a : attempts) {
            assertThat(a.length()).as("job " + a.job()).isEqualTo(bytes);
            try (InputStream stored = SessionReader.output(session, a)) {
                assertThat(sha256(stored)).as("job " + a.job()).isEqualTo(expectedSha256(a.job(), bytes));
            }
        }
        System.out.printf("load: %d jobs x %d MB over %d workers (%d slots each, up to %d at once), controller %s,"
                + " %d s, every output identical%n", JOBS, MEGABYTES, WORKERS, slots, maxOverlap(attempts), HEAP,
                seconds);
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What {@code seq 1 ... | sed "s/^/ID /" | head -c BYTES} prints. */
    private static String expectedSha256(long id, long bytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long left = bytes;
        for (long n = 1; left > 0; n++) {
            byte[] line = (id + " " + n + "\n").getBytes(StandardCharsets.US_ASCII);
            int take = (int) Math.min(line.length, left);
            digest.update(line, 0, take);
            left -= take;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The most attempts that were running at the same moment, from their start and end times. */
    private static int maxOverlap(List<AttemptRecord> attempts) {
        TreeMap<Long, Integer> changes = new TreeMap<>();
        for (AttemptRecord a : attempts) {
            changes.merge(a.startMillis(), 1, Integer::sum);
            changes.merge(a.endMillis(), -1, Integer::sum);
        }
        int running = 0;
        int most = 0;
        for (int change : changes.values()) {
            running += change;
            most = Math.max(most, running);
        }
        return most;
    }

}
