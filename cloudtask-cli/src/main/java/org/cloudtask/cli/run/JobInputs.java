package org.cloudtask.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.cli.UsageException;

/** Opens the job inputs, standard input or {@code --input FILE}, and tells an empty input from a real one. */
public final class JobInputs {

    private JobInputs() {
    }

    /** @throws UsageException when the file is missing or cannot be read */
    public static InputStream open(Path file, InputStream stdin) throws IOException {
        if (file == null) return stdin;
        if (!Files.exists(file)) {
            throw new UsageException("input file not found: " + file + "; give an existing file to --input");
        }
        if (Files.isDirectory(file) || !Files.isReadable(file)) {
            throw new UsageException("cannot read input file " + file + "; give a readable file to --input");
        }
        return Files.newInputStream(file);
    }

    /**
     * The same inputs, or null when there are none at all. Reads at most one byte ahead, so a streamed input still
     * reaches the engine as it arrives.
     */
    public static InputStream nonEmpty(InputStream inputs) throws IOException {
        PushbackInputStream peekable = new PushbackInputStream(inputs, 1);
        int first = peekable.read();
        if (first < 0) {
            peekable.close();
            return null;
        }
        peekable.unread(first);
        return peekable;
    }
}
