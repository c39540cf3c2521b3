package org.cloudtask.core.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The end of an attempt's output: its last lines, read from the end of its byte range only. */
final class OutputTail {

    /** Lines longer than this are cut: a tail is for a glance, the whole output is in --outdir. */
    private static final int MAX_BYTES = 8 * 1024;

    private OutputTail() {
    }

    static String lastLines(Path file, long offset, long length, int lines) throws IOException {
        if (length <= 0 || !Files.isRegularFile(file)) return "";
        long from = Math.max(offset, offset + length - MAX_BYTES);
        ByteBuffer buf = ByteBuffer.allocate((int) (offset + length - from));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && channel.read(buf, from + buf.position()) > 0) {
                // why: a file still being written may be shorter than the journal says only if the disk lied
            }
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        int cut = text.length();
        for (int i = 0; i < lines && cut >= 0; i++) cut = text.lastIndexOf('\n', cut - 1);
        return text.substring(cut + 1);
    }
}
