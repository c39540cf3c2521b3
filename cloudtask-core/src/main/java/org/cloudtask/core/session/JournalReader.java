package org.cloudtask.core.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.cloudtask.core.engine.CloudTaskException;

/**
 * Reads a journal back. A torn or corrupt last record (the controller died while writing it, so it was never
 * durable and nobody was told of it) is ignored; a bad record with good ones after it means the file was damaged
 * afterwards, and the session cannot be trusted: that is a {@link CloudTaskException}.
 */
public final class JournalReader {

    private JournalReader() {
    }

    /**
     * Feeds every intact record's text to {@code records}, in order.
     *
     * @return the length of the intact part: a writer continuing the journal truncates it to this first
     */
    public static long read(Path journal, Consumer<String> records) throws IOException {
        return read(journal, 0, records);
    }

    /** Like {@link #read(Path, Consumer)}, starting at byte {@code from}, which must be where a record starts. */
    public static long read(Path journal, long from, Consumer<String> records) throws IOException {
        if (!Files.exists(journal)) return 0;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(journal)) {
            channel.position(from);
            return read(java.nio.channels.Channels.newInputStream(channel), from, journal, records);
        }
    }

    private static long read(InputStream in, long from, Path journal, Consumer<String> records) throws IOException {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        long consumed = from;
        long lineNumber = 0;
        long badLine = -1;
        long badOffset = -1;
        while (true) {
            int newline = indexOf(buf, start, end);
            if (newline < 0) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) break;
                end += n;
                continue;
            }
            lineNumber++;
            String text = JournalCodec.decode(buf, start, newline);
            if (text == null) {
                if (badLine < 0) {
                    badLine = lineNumber;
                    badOffset = consumed;
                }
            } else {
                if (badLine >= 0) throw corrupt(journal, badLine, badOffset);
                records.accept(text);
            }
            consumed += newline + 1 - start;
            start = newline + 1;
        }
        // what is left after the last line feed is a torn last record, and so is a single bad line at the end
        return badLine >= 0 ? badOffset : consumed;
    }

    private static CloudTaskException corrupt(Path journal, long line, long offset) {
        return new CloudTaskException("the session journal " + journal + " is damaged at line " + line + " (byte "
                + offset + ") with intact records after it; the session cannot be resumed safely: start a new one");
    }

    private static int indexOf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }
}
