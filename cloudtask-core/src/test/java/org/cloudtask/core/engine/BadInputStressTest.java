package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.cloudtask.core.input.InputMode;
import org.cloudtask.core.session.SessionReader.AttemptRecord;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Journals;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized: input with lines that cannot become jobs (unclosed quotes, NUL bytes), blank lines and bytes that are not
 * UTF-8, on fake workers with random delays, failures and lost connections, resumed until nothing is pending. Every
 * job line ends with exactly one result (a final END, or INVALID for the bad lines, which never start), nothing
 * finished runs again, and every run ends by itself; half the first runs have a random {@code --halt} (soon or now).
 * The seed is printed; rerun one with -Dstress.seed=N.
 */
@Timeout(120)
class BadInputStressTest {

    @TempDir
    Path sessions;

    @RepeatedTest(3)
    void everyInputLineEndsWithExactlyOneResultAndBadLinesNeverRun() throws IOException {
        long seed = Long.getLong("stress.seed", System.nanoTime());
        System.out.println("BadInputStressTest seed " + seed);
        Random random = new Random(seed);
        InputMode mode = random.nextBoolean() ? InputMode.WORDS : InputMode.LINES;
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        Set<Long> badJobs = new TreeSet<>();
        long jobs = 0;
        int lines = 200 + random.nextInt(200);
        for (int i = 1; i <= lines; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                input.write('\n'); // blank: no job
                continue;
            }
            jobs++;
            if (kind == 1) {
                input.writeBytes(("bad" + i + "\0x\n").getBytes(StandardCharsets.ISO_8859_1));
                badJobs.add(jobs);
            } else if (kind == 2 && mode == InputMode.WORDS) {
                input.writeBytes(("Don't " + i + "\n").getBytes(StandardCharsets.ISO_8859_1));
                badJobs.add(jobs);
            } else {
                input.writeBytes(("job" + i + (kind == 3 ? " caf\u00e9" : "") + "\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        long outcomeSeed = random.nextLong();
        FakeTransport transport = new FakeTransport().script((worker, request) -> {
            // why from the seed, the command and the attempt: the same faults on every rerun of a seed
            Random r = new Random(outcomeSeed ^ request.command().hashCode() * 31L
                    ^ request.environment().get("CLOUDTASK_ATTEMPT").hashCode());
            Duration takes = Duration.ofMillis(r.nextInt(4));
            int roll = r.nextInt(100);
            if (roll < 3) return Outcome.loseConnection().after(takes);
            return Outcome.exit(roll < 15 ? 1 : 0, "out").after(takes);
        });
        // why a halt in half the runs: jobs that failed to build count towards it, and a halted run must still leave
        // every line with one result after the resumes (which run without it)
        HaltPolicy halt = random.nextBoolean() ? null
                : HaltPolicy.parse((random.nextBoolean() ? "now" : "soon") + ",fail=" + (1 + random.nextInt(5)), 20);
        TaskSettings settings = new TaskSettings().command("echo").inputMode(mode).split(1 + random.nextInt(4))
                .retries(random.nextInt(3)).halt(halt);
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).transport(transport).build();

        Summary summary = task.run(settings, new ByteArrayInputStream(input.toByteArray()));
        for (int resumes = 0; summary.pending() > 0; resumes++) {
            assertThat(resumes).as("seed " + seed + ": resumes needed").isLessThan(50);
            summary = CloudTask.builder().sessionsDirectory(sessions).transport(transport).build()
                    .resume(1, s -> s.halt(null));
        }

        Path session = sessions.resolve("1");
        assertThat(summary.total()).as("seed " + seed).isEqualTo(jobs);
        assertThat(summary.failed()).as("seed " + seed).isGreaterThanOrEqualTo(badJobs.size());
        List<AttemptRecord> attempts = Journals.attempts(session);
        Map<Long, Long> finals = Journals.finalResultsPerJob(session);
        Set<Long> invalid = invalidRecords(session);
        assertThat(invalid).as("seed " + seed + ": INVALID records").isEqualTo(badJobs);
        for (long job = 1; job <= jobs; job++) {
            long results = finals.getOrDefault(job, 0L) + (invalid.contains(job) ? 1 : 0);
            assertThat(results).as("seed " + seed + ": results of job " + job).isOne();
        }
        assertThat(attempts).as("seed " + seed + ": bad lines never start").noneMatch(a -> badJobs.contains(a.job()));
        Map<Long, Long> finalEnd = new HashMap<>();
        for (AttemptRecord a : attempts) if (a.isFinal()) finalEnd.put(a.job(), a.endMillis());
        assertThat(attempts).as("seed " + seed + ": nothing starts after its final result")
                .allMatch(a -> a.startMillis() <= finalEnd.getOrDefault(a.job(), Long.MAX_VALUE));
        assertThat(Files.readString(session.resolve("failed"), StandardCharsets.ISO_8859_1).lines()
                .filter(l -> !l.startsWith("#")).filter(l -> l.startsWith("bad") || l.startsWith("Don't")).count())
                .as("seed " + seed + ": bad lines in the failed file").isEqualTo(badJobs.size());
    }

    private static Set<Long> invalidRecords(Path session) throws IOException {
        Set<Long> jobs = new HashSet<>();
        for (String line : Files.readAllLines(session.resolve("journal"), StandardCharsets.ISO_8859_1)) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[1].equals("INVALID")) assertThat(jobs.add(Long.parseLong(f[2]))).isTrue();
        }
        return new TreeSet<>(jobs);
    }
}
