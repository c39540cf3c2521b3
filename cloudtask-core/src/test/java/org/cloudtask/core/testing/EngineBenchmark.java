package org.cloudtask.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskEvents;
import org.cloudtask.core.engine.TaskSettings;

/**
 * The engine's figures for issue 6, with a transport whose commands end at once (so only the engine, the journal
 * and the session files are measured): {@code EngineBenchmark DIR JOBS PENDING}. Run by {@code bench/engine.sh}
 * under {@code -Xmx256m}; prints one line per figure:
 * <ol>
 *   <li>{@code input}: a journaled run of a JOBS-line input file: jobs/s and the time from start-up to the first
 *   job; every (JOBS / PENDING)-th job fails, which leaves PENDING jobs to run again;</li>
 *   <li>{@code crash-retry}: those jobs put back to pending and the session resumed as after a crash (no snapshot:
 *   the whole journal is replayed), on a copy of the session: the time to the first job start;</li>
 *   <li>{@code retry}: the same with the snapshot a clean end leaves.</li>
 * </ol>
 */
public final class EngineBenchmark {

    private final Path dir;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong();

    private EngineBenchmark(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long jobs = Long.parseLong(args[1]);
        long pending = Long.parseLong(args[2]);
        new EngineBenchmark(dir).measure(jobs, pending);
    }

    private void measure(long jobs, long pending) throws IOException {
        Path input = dir.resolve("input");
        try (InputStream seq = DispatchBenchmark.seq(jobs)) {
            Files.copy(seq, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path sessions = dir.resolve("sessions");
        CloudTask task = engine(sessions, jobs / pending);
        long start = begin();
        Summary full;
        try (InputStream in = Files.newInputStream(input)) {
            full = task.run(new TaskSettings().command("echo").split(8).slotsPerWorker(1), in);
        }
        report("input", full, start);

        Path crashed = dir.resolve("crashed");
        copySession(sessions, full.sessionId(), crashed);
        Files.delete(crashed.resolve(Long.toString(full.sessionId())).resolve("snapshot"));
        start = begin();
        report("crash-retry", engine(crashed, 0).retry(full.sessionId(), s -> s), start);

        start = begin();
        report("retry", engine(sessions, 0).retry(full.sessionId(), s -> s), start);
    }

    private CloudTask engine(Path sessions, long failEvery) {
        return CloudTask.builder().sessionsDirectory(sessions).transport(new InstantTransport(failEvery))
                .events(new TaskEvents() {
                    @Override
                    public void attemptStarted(AttemptEvent event) {
                        firstStart.compareAndSet(0, System.nanoTime());
                        started.incrementAndGet();
                    }
                }).build();
    }

    private long begin() {
        started.set(0);
        firstStart.set(0);
        return System.nanoTime();
    }

    private static void copySession(Path sessions, long id, Path target) throws IOException {
        Path from = sessions.resolve(Long.toString(id));
        Path to = target.resolve(Long.toString(id));
        Files.createDirectories(to.resolve("output"));
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.getFileName().toString().equals("lock")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                }
            }
        }
    }

    private void report(String what, Summary summary, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long ran = started.get();
        System.out.printf("%s: jobs=%d ran=%d ok=%d failed=%d pending=%d elapsed=%.2fs rate=%.0f jobs/s "
                        + "firstJobAfter=%.3fs maxHeap=%dMB%n", what, summary.total(), ran, summary.ok(),
                summary.failed(), summary.pending(), seconds, ran / seconds, (firstStart.get() - start) / 1e9,
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
