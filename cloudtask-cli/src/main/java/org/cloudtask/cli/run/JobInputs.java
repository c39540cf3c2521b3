package org.cloudtask.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.cli.UsageException;

/** Opens the job inputs: standard input, or {@code --input FILE} with a clear error when it cannot be read. */
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
}
