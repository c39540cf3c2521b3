package org.cloudtask.core.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a session's attempts back from its journal, for reports and tests: who ran what, when, with which result,
 * and where its output is. Does not take the session's lock; a journal being written is read up to its last intact
 * record.
 */
public final class SessionReader {

    private SessionReader() {
    }

    /**
     * One ended attempt.
     *
     * @param result      {@code EXIT=<n>}, {@code TIMEOUT}, {@code ABORTED} or {@code LOST}
     * @param disposition {@code final}, {@code retry} or {@code again}
     * @param output      the output file's name under {@code output/}
     */
    public record AttemptRecord(long job, int attempt, String worker, long startMillis, long endMillis, String result,
                                String disposition, String signal, String output, long offset, long length) {

        public boolean isFinal() {
            return disposition.equals(JournalRecords.FINAL);
        }
    }

    /** Calls {@code action} for every ended attempt, in the order they ended. */
    public static void forEachAttempt(Path sessionDir, Consumer<AttemptRecord> action) throws IOException {
        Map<String, String[]> starts = new HashMap<>();
        JournalReader.read(sessionDir.resolve("journal"), text -> {
            String[] f = text.split(" ");
            if (f[0].equals(JournalRecords.START)) starts.put(f[1] + "/" + f[2], f);
            if (!f[0].equals(JournalRecords.END)) return;
            String[] s = starts.remove(f[1] + "/" + f[2]);
            action.accept(new AttemptRecord(Long.parseLong(f[1]), Integer.parseInt(f[2]), s == null ? "-" : s[4],
                    s == null ? 0 : Long.parseLong(s[3]), Long.parseLong(f[3]), f[4], f[5],
                    f[6].equals("-") ? null : f[6], f[7], Long.parseLong(f[8]), Long.parseLong(f[9])));
        });
    }

    public static List<AttemptRecord> attempts(Path sessionDir) throws IOException {
        List<AttemptRecord> list = new ArrayList<>();
        forEachAttempt(sessionDir, list::add);
        return list;
    }

    /** The attempt's output, streamed from its slot's output file. The caller closes it. */
    public static InputStream output(Path sessionDir, AttemptRecord attempt) throws IOException {
        FileChannel channel = FileChannel.open(sessionDir.resolve("output").resolve(attempt.output()),
                StandardOpenOption.READ);
        channel.position(attempt.offset());
        InputStream whole = Channels.newInputStream(channel);
        return new InputStream() {
            private long left = attempt.length();

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = whole.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = whole.read(buf, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }

            @Override
            public void close() throws IOException {
                whole.close();
            }
        };
    }
}
