package org.cloudtask.core.session;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;

/**
 * The job states as of a clean end of a run, so a resume of a million-job session reads six megabytes and the journal
 * written since, not the whole journal. Only a shortcut: a missing, damaged or stale snapshot means a full replay.
 * Format (big-endian): {@code CTSNAP1\n}, journal length covered (long), job count (long), last run (int), input
 * complete (byte), then per job state ordinal (byte), retries used (byte), attempts (int); then the CRC-32 of all that
 * (long).
 */
final class SessionSnapshot {

    static final String FILE = "snapshot";
    private static final byte[] MAGIC = "CTSNAP1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    record Loaded(long journalLength, JobStates states, int lastRun, boolean inputComplete) {
    }

    private SessionSnapshot() {
    }

    static void write(Path dir, long journalLength, JobStates states, int lastRun, boolean inputComplete)
            throws IOException {
        long count = states.size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, 64 + count * 6));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16));
        out.write(MAGIC);
        out.writeLong(journalLength);
        out.writeLong(count);
        out.writeInt(lastRun);
        out.writeByte(inputComplete ? 1 : 0);
        for (long id = 1; id <= count; id++) {
            out.writeByte(states.get(id).ordinal());
            out.writeByte(states.retriesUsed(id));
            out.writeInt(states.attempts(id));
        }
        out.flush();
        CRC32 crc = new CRC32();
        byte[] body = bytes.toByteArray();
        crc.update(body);
        out.writeLong(crc.getValue());
        out.flush();
        PrivateFiles.writeAtomically(dir.resolve(FILE), bytes.toByteArray());
    }

    /**
     * Whether the journal's record that ends at byte {@code offset} is an intact SYNCED record, as at the clean close
     * that wrote the snapshot. why: a journal edited before that offset (bytes inserted or removed) would otherwise be
     * replayed from the middle of a record, its damage unseen.
     */
    private static boolean syncedRecordEndsAt(Path journal, long offset) throws IOException {
        int tail = (int) Math.min(offset, 64);
        if (tail < 2) return false;
        byte[] bytes = new byte[tail];
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(journal)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining() && channel.read(buffer, offset - tail + buffer.position()) > 0) {
                // why: read() may return fewer bytes than asked; loop until the tail is complete
            }
            if (buffer.hasRemaining()) return false;
        }
        if (bytes[tail - 1] != '\n') return false;
        int start = tail - 2;
        while (start >= 0 && bytes[start] != '\n') start--;
        return JournalRecords.SYNCED.equals(JournalCodec.decode(bytes, start + 1, tail - 1));
    }

    /** The snapshot, or null when there is none usable for a journal of {@code journalLength} bytes. */
    static Loaded read(Path dir, long journalLength) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return null;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
            DataInputStream in = new DataInputStream(checked);
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) return null;
            long covered = in.readLong();
            long count = in.readLong();
            int lastRun = in.readInt();
            boolean inputComplete = in.readByte() == 1;
            if (covered > journalLength || !syncedRecordEndsAt(dir.resolve("journal"), covered)) return null;
            JobStates states = new JobStates();
            for (long id = 1; id <= count; id++) {
                JobState state = JobState.values()[in.readByte()];
                int retries = in.readByte();
                int attempts = in.readInt();
                states.add(state);
                states.restore(id, attempts, retries);
            }
            long expected = checked.getChecksum().getValue();
            if (new DataInputStream(raw).readLong() != expected) return null;
            return new Loaded(covered, states, lastRun, inputComplete);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
