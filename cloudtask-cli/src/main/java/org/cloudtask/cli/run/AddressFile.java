package org.cloudtask.cli.run;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cloudtask.cli.UsageException;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * Where {@code launch-workers} writes addresses as workers boot: a new file (never an existing one: it may list
 * workers still running) or standard output. Each line is flushed at once, so a crash loses none.
 */
public final class AddressFile implements Closeable {

    private final Path path;
    private final Writer file;
    private final PrintStream out;
    private int written;

    private AddressFile(Path path, Writer file, PrintStream out) {
        this.path = path;
        this.file = file;
        this.out = out;
    }

    /** @param name a file name, or {@code -} for standard output */
    public static AddressFile create(String name, PrintStream stdout) throws IOException {
        if (name.equals("-")) return new AddressFile(null, null, stdout);
        Path path = Path.of(name);
        try {
            return new AddressFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), null);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(name + " exists: launch-workers never overwrites a file (it may list running "
                    + "workers); choose another name");
        }
    }

    public synchronized void add(WorkerAddress address) throws IOException {
        if (file == null) {
            out.println(address);
            out.flush();
        } else {
            file.write(address + "\n");
            file.flush();
        }
        written++;
    }

    /** Closes the file, and removes it when no worker was written to it. */
    @Override
    public synchronized void close() throws IOException {
        if (file == null) return;
        file.close();
        if (written == 0) Files.deleteIfExists(path);
    }
}
