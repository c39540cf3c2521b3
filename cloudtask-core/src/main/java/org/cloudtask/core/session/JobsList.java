package org.cloudtask.core.session;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cloudtask.core.job.Job;
import org.cloudtask.core.text.LosslessText;

/**
 * The session's jobs, stored as they are read so a million jobs need no memory:
 * <ul>
 *   <li>{@code jobs}: one line per job in the original format, {@code STATE<TAB>command}, the state left-aligned in
 *       a field of {@value #STATE_WIDTH} characters ({@code PENDING }, {@code EXIT=0  }, {@code TIMEOUT }) so that it
 *       is updated in place as jobs finish;</li>
 *   <li>{@code inputs}: the input lines as given, one per job;</li>
 *   <li>{@code index}: 16 bytes per job (big-endian offsets of its line in {@code jobs} and in {@code inputs}), so
 *       job N is found without reading the others.</li>
 * </ul>
 * The journal, not {@code jobs}, is the record of results: {@code jobs} is brought up to date from it on resume.
 *
 * <p>Records end with the input mode's separator: a line feed, or a NUL byte in a {@code -0} session (where inputs and
 * commands may hold line feeds). Bytes that are not UTF-8 are written back exactly ({@link LosslessText}).
 */
public final class JobsList implements Closeable {

    public static final int STATE_WIDTH = 8;
    /** The state of a job whose input line could not become a job: it failed to build and never runs. */
    public static final String INVALID = "INVALID";
    private static final int INDEX_RECORD = 16;

    private final AppendFile jobs;
    private final AppendFile inputs;
    private final AppendFile index;
    private final byte separator;
    private long count;

    public JobsList(Path sessionDir) throws IOException {
        this(sessionDir, (byte) '\n');
    }

    /** {@code separator}: the byte that ends each record of {@code jobs} and {@code inputs}. */
    public JobsList(Path sessionDir, byte separator) throws IOException {
        this.separator = separator;
        jobs = new AppendFile(sessionDir.resolve("jobs"), 256 * 1024);
        inputs = new AppendFile(sessionDir.resolve("inputs"), 256 * 1024);
        index = new AppendFile(sessionDir.resolve("index"), 64 * 1024);
        count = recoverCount();
    }

    /** Drops index entries whose lines did not reach the disk before a crash. */
    private long recoverCount() throws IOException {
        long n = index.size() / INDEX_RECORD;
        while (n > 0) {
            long[] offsets = offsets(n);
            if (endsLine(jobs, offsets[0]) && endsLine(inputs, offsets[1])) break;
            n--;
        }
        index.truncate(n * INDEX_RECORD);
        if (n == 0) {
            jobs.truncate(0);
            inputs.truncate(0);
        } else {
            long[] last = offsets(n);
            jobs.truncate(lineEnd(jobs, last[0]));
            inputs.truncate(lineEnd(inputs, last[1]));
        }
        return n;
    }

    private boolean endsLine(AppendFile file, long offset) throws IOException {
        return offset < file.size() && lineEnd(file, offset) > 0;
    }

    /** The offset just past the separator of the record starting at {@code offset}, or -1 if it has none. */
    private long lineEnd(AppendFile file, long offset) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long at = offset;
        while (true) {
            buf.clear();
            int n = file.read(at, buf);
            if (n <= 0) return -1;
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == separator) return at + i + 1;
            }
            at += n;
        }
    }

    public synchronized long count() {
        return count;
    }

    /** Stores a new job and returns it, numbered after the last. */
    public synchronized StoredJob add(String input, String command) throws IOException {
        long jobsOffset = jobs.append(jobsLine(command));
        long inputOffset = inputs.append(record(input));
        index.append(ByteBuffer.allocate(INDEX_RECORD).putLong(jobsOffset).putLong(inputOffset).array());
        count++;
        return new StoredJob(new Job(count, input, command), jobsOffset);
    }

    private byte[] jobsLine(String command) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(command.length() + 16);
        line.writeBytes(stateField(command.startsWith(Job.BUILD_FAILED) ? INVALID : "PENDING"));
        line.write('\t');
        line.writeBytes(LosslessText.encode(command));
        line.write(separator);
        return line.toByteArray();
    }

    /** The text's bytes, exactly, and the separator. */
    byte[] record(String text) {
        byte[] bytes = LosslessText.encode(text);
        byte[] line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        line[bytes.length] = separator;
        return line;
    }

    public StoredJob read(long id) throws IOException {
        long[] offsets;
        synchronized (this) {
            if (id < 1 || id > count) throw new IllegalArgumentException("no job " + id);
            offsets = offsets(id);
        }
        String jobsLine = readLine(jobs, offsets[0]);
        String command = jobsLine.substring(jobsLine.indexOf('\t') + 1);
        return new StoredJob(new Job(id, readLine(inputs, offsets[1]), command), offsets[0]);
    }

    /**
     * Whether job {@code id} failed to build (its input line could not become a job), from its state field alone: two
     * small reads, so a scan of many failed jobs stays cheap.
     */
    public boolean failedToBuild(long id) throws IOException {
        ByteBuffer state = ByteBuffer.allocate(STATE_WIDTH);
        jobs.read(jobsOffset(id), state);
        return java.util.Arrays.equals(state.array(), stateField(INVALID));
    }

    /** Where job {@code id}'s line starts in {@code jobs}. */
    public long jobsOffset(long id) throws IOException {
        synchronized (this) {
            if (id < 1 || id > count) throw new IllegalArgumentException("no job " + id);
            return offsets(id)[0];
        }
    }

    /** The state as the {@code jobs} file shows it: {@code EXIT=<n>}, {@code TIMEOUT} or {@code PENDING}. */
    public void setState(long jobsOffset, String state) throws IOException {
        jobs.writeAt(jobsOffset, stateField(state));
    }

    private static byte[] stateField(String state) {
        StringBuilder s = new StringBuilder(state);
        while (s.length() < STATE_WIDTH) s.append(' ');
        if (s.length() > STATE_WIDTH) throw new IllegalArgumentException("state wider than the field: " + state);
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private long[] offsets(long id) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(INDEX_RECORD);
        index.read((id - 1) * INDEX_RECORD, buf);
        buf.flip();
        return new long[] {buf.getLong(), buf.getLong()};
    }

    private String readLine(AppendFile file, long offset) throws IOException {
        long end = lineEnd(file, offset);
        if (end < 0) throw new IOException(file.path() + " has no whole line at byte " + offset);
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(end - offset - 1));
        file.read(offset, buf);
        return LosslessText.decode(buf.array());
    }

    /** Makes every job added so far durable; the journal calls this before a batch that may name them. */
    public void force() throws IOException {
        jobs.force();
        inputs.force();
        index.force();
    }

    @Override
    public synchronized void close() throws IOException {
        try (AppendFile a = jobs; AppendFile b = inputs; AppendFile c = index) {
            force();
        }
    }

    /** A job with where its line is in {@code jobs}, for updating its state in place. */
    public record StoredJob(Job job, long jobsOffset) {
    }
}
