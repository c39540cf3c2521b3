package org.cloudtask.jenkins.support;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A build's table of jobs, kept in a tab-separated file under the build's directory: one line appended per finished
 * attempt, so that nothing is held in memory and a build that dies with the controller keeps what it recorded. When
 * a job has several lines, the last one wins.
 */
public final class JobTable {

    private final Path file;

    public JobTable(Path file) {
        this.file = file;
    }

    public synchronized void append(JobRecord record) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(format(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a job in " + file, e);
        }
    }

    /**
     * Copies into this table the rows of an earlier build's table that a resume keeps: the finished ones, and with
     * {@code retryFailed} only the successful ones and those that failed to build (a retry does not run them). They
     * keep the number of the build that produced them.
     */
    public void carryOver(JobTable earlier, boolean retryFailed) {
        Predicate<JobRecord> keep = retryFailed ? r -> r.succeeded() || r.neverRuns() : JobRecord::isFinal;
        earlier.latestByJob().values().stream().filter(keep).forEach(this::append);
    }

    /** The last row of each job, in job order of first appearance. Reads the whole table: for page views. */
    public Map<Long, JobRecord> latestByJob() {
        Map<Long, JobRecord> latest = new LinkedHashMap<>();
        forEach(r -> latest.put(r.jobId(), r));
        return latest;
    }

    /** Streams every row in file order. */
    public void forEach(Consumer<JobRecord> action) {
        if (!Files.exists(file)) return;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // why: a line torn by a crash while it was being written is skipped, not fatal
                if (!line.isEmpty()) parse(line).ifPresent(action);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job table " + file, e);
        }
    }

    static String format(JobRecord r) {
        return String.join("\t", Long.toString(r.jobId()), Integer.toString(r.attempt()), escape(r.input()),
                escape(r.worker()), escape(r.result()), Long.toString(r.started().toEpochMilli()),
                Long.toString(r.duration().toMillis()), Integer.toString(r.build()));
    }

    static Optional<JobRecord> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(new JobRecord(Long.parseLong(f[0]), Integer.parseInt(f[1]), unescape(f[2]),
                    unescape(f[3]), unescape(f[4]), Instant.ofEpochMilli(Long.parseLong(f[5])),
                    Duration.ofMillis(Long.parseLong(f[6])), Integer.parseInt(f[7])));
        } catch (NumberFormatException torn) {
            return java.util.Optional.empty();
        }
    }

    private static String escape(String s) {
        if (s == null) return "";
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            out.append(switch (next) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> next;
            });
        }
        return out.toString();
    }
}
