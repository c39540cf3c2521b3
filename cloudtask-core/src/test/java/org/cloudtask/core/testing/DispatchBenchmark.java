package org.cloudtask.core.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskEvents;
import org.cloudtask.core.engine.TaskSettings;

/**
 * Prints how fast the engine dispatches and journals jobs that take no time:
 * {@code DispatchBenchmark SESSIONS_DIR JOBS SPLIT [FAIL_EVERY [no-snapshot]]}; with FAIL_EVERY, every FAIL_EVERY-th job
 * fails once and a retry of the session is measured too (how fast a big session with some pending jobs resumes). Run it with the heap limit to check, e.g.
 * {@code java -Xmx256m -cp target/classes:target/test-classes org.cloudtask.core.testing.DispatchBenchmark /tmp/s 1000000 8}.
 */
public final class DispatchBenchmark {

    private DispatchBenchmark() {
    }

    public static void main(String[] args) {
        Path sessions = Path.of(args[0]);
        long jobs = Long.parseLong(args[1]);
        int split = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        AtomicLong firstStart = new AtomicLong();
        TaskEvents events = new TaskEvents() {
            @Override
            public void attemptStarted(AttemptEvent event) {
                firstStart.compareAndSet(0, System.nanoTime());
            }
        };
        long failEvery = args.length > 3 ? Long.parseLong(args[3]) : 0;
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(new InstantTransport(failEvery))
                .events(events).build();
        Summary summary = task.run(new TaskSettings().command("echo").split(split).slotsPerWorker(1), seq(jobs));
        report("run", summary, start, firstStart.get());
        if (failEvery <= 0) return;
        // a retry of the failed jobs starts like a resume of a session with that many pending jobs
        if (args.length > 4 && args[4].equals("no-snapshot")) {
            // as after a crash: the resume must replay the whole journal
            try {
                java.nio.file.Files.delete(sessions.resolve(Long.toString(summary.sessionId())).resolve("snapshot"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        start = System.nanoTime();
        firstStart.set(0);
        summary = task.retry(summary.sessionId(), s -> s);
        report("retry", summary, start, firstStart.get());
    }

    private static void report(String what, Summary summary, long start, long firstStart) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: jobs=%d ok=%d failed=%d elapsed=%.2fs rate=%.0f jobs/s firstJobAfter=%.3fs maxHeap=%dMB%n",
                what, summary.total(), summary.ok(), summary.failed(), seconds, summary.total() / seconds,
                (firstStart - start) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** {@code seq 1 n} as a stream that is generated as it is read, so the input is never in memory. */
    static InputStream seq(long n) {
        return new InputStream() {
            private long next = 1;
            private byte[] line = new byte[0];
            private int at;

            @Override
            public int read() {
                if (at == line.length) {
                    if (next > n) return -1;
                    line = (next++ + "\n").getBytes(StandardCharsets.US_ASCII);
                    at = 0;
                }
                return line[at++];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int i = 0;
                while (i < len) {
                    int c = read();
                    if (c < 0) break;
                    b[off + i++] = (byte) c;
                }
                return i == 0 && len > 0 ? -1 : i;
            }
        };
    }
}
