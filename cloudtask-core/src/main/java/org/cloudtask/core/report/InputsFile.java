package org.cloudtask.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(new String(bytes, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        return lines;
    }
}
