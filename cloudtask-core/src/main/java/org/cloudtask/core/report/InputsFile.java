package org.cloudtask.core.report;

import java.io.IOException;
import org.cloudtask.core.text.LosslessText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A session's {@code inputs} file, read-only: the job inputs in job order, one per line. */
final class InputsFile {

    private InputsFile() {
    }

    /** The lines that end with a line feed; the controller may be writing the last one. */
    static List<String> wholeLines(Path file) throws IOException {
        return wholeRecords(file, (byte) '\n');
    }

    /**
     * The records that end with {@code separator} (a NUL in a -0 session), bytes that are not UTF-8 kept as
     * {@link LosslessText} escapes; the controller may be writing the last one.
     */
    static List<String> wholeRecords(Path file, byte separator) throws IOException {
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == separator) {
                lines.add(LosslessText.decode(bytes, from, i - from));
                from = i + 1;
            }
        }
        return lines;
    }
}
