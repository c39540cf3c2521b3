package org.cloudtask.jenkins.support;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Each job attempt's output, under the build's directory: one file per attempt, written as the output arrives and
 * read back as a stream, so neither side ever holds a whole output in memory.
 */
public final class JobOutputStore {

    private final Path directory;

    public JobOutputStore(Path directory) {
        this.directory = directory;
    }

    /** Opens the attempt's file for appending; the caller closes the stream when the attempt ends. */
    public OutputStream open(long jobId, int attempt) throws IOException {
        Files.createDirectories(directory);
        return new BufferedOutputStream(Files.newOutputStream(file(jobId, attempt),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** The attempt's output, or empty when it printed nothing (or ran in another build). */
    public Optional<InputStream> read(long jobId, int attempt) throws IOException {
        Path file = file(jobId, attempt);
        return Files.exists(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
    }

    /** Copies the attempt's output to {@code out} in small pieces; returns the bytes copied. */
    public long copyTo(long jobId, int attempt, OutputStream out) throws IOException {
        Optional<InputStream> in = read(jobId, attempt);
        if (in.isEmpty()) return 0;
        try (InputStream stream = in.get()) {
            return stream.transferTo(out);
        }
    }

    private Path file(long jobId, int attempt) {
        if (jobId < 1 || attempt < 1) throw new IllegalArgumentException("no such attempt: job " + jobId + " attempt " + attempt);
        return directory.resolve(jobId + "-" + attempt + ".log");
    }
}
