package org.cloudtask.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LiveOutputTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, System::nanoTime);

    private List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void send(LiveOutput live, long job, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        live.output(job, 1, "w" + job, bytes, 0, bytes.length);
    }

    @Test
    void tagPrintsWholeLinesOnlyAndTheLastPartialLineWhenTheJobEnds() {
        LiveOutput live = LiveOutput.forMode("tag", console);

        send(live, 1, "hel");
        send(live, 2, "other\npart");
        send(live, 1, "lo\nwor");
        assertThat(printed()).containsExactly("w2 2: other", "w1 1: hello");

        live.ended(1, 1, "w1");
        live.ended(2, 1, "w2");
        assertThat(printed()).containsExactly("w2 2: other", "w1 1: hello", "w1 1: wor", "w2 2: part");
    }

    @Test
    void aHugeLineWithoutNewlineIsShownInBoundedPieces() {
        LiveOutput live = LiveOutput.forMode("tag", console);

        send(live, 1, "x".repeat(LiveOutput.MAX_PARTIAL_LINE * 2 + 5));
        live.ended(1, 1, "w1");

        assertThat(printed()).hasSize(3).allMatch(line -> line.startsWith("w1 1: x"));
        assertThat(printed().get(2)).isEqualTo("w1 1: xxxxx");
    }

    @Test
    void groupPrintsEachJobsOutputWholeUnderAHeaderOnceItsStatusLineIsOut() {
        LiveOutput live = LiveOutput.forMode("group", console);

        send(live, 1, "a1\na");
        send(live, 2, "b1\n");
        send(live, 1, "2\n");
        live.ended(2, 1, "w2");
        live.ended(1, 1, "w1");
        assertThat(printed()).as("nothing before the status lines").isEmpty();

        live.attemptFinished(2, 1, "w2", "EXIT=0");
        live.attemptFinished(1, 1, "w1", "EXIT=3");
        assertThat(printed()).containsExactly("=== job 2 attempt 1 on w2: EXIT=0 ===", "b1",
                "=== job 1 attempt 1 on w1: EXIT=3 ===", "a1", "a2");
    }

    @Test
    void concurrentJobsPrintingManyLinesInOddChunksNeverInterleaveMidLine() throws Exception {
        LiveOutput live = LiveOutput.forMode("tag", console);
        List<Thread> jobs = new ArrayList<>();
        for (int job = 1; job <= 8; job++) {
            long id = job;
            jobs.add(new Thread(() -> {
                StringBuilder all = new StringBuilder();
                for (int line = 1; line <= 500; line++) all.append("job ").append(id).append(" line ").append(line).append('\n');
                byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
                for (int at = 0; at < bytes.length; at += 7) {
                    live.output(id, 1, "w" + id, bytes, at, Math.min(7, bytes.length - at));
                }
                live.ended(id, 1, "w" + id);
            }, "cloudtask-test-job-" + job));
        }
        jobs.forEach(Thread::start);
        for (Thread t : jobs) t.join();

        List<String> lines = printed();
        assertThat(lines).hasSize(8 * 500).allMatch(l -> l.matches("w(\\d) \\1: job \\1 line \\d+"));
        for (int job = 1; job <= 8; job++) {
            String prefix = "w" + job + " " + job + ": ";
            List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            assertThat(own).hasSize(500);
            for (int i = 0; i < 500; i++) assertThat(own.get(i)).isEqualTo(prefix + "job " + job + " line " + (i + 1));
        }
    }
}
