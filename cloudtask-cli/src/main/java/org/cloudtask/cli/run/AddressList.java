package org.cloudtask.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.cloudtask.cli.ExitCodes;
import org.cloudtask.core.engine.CloudTaskException;

/**
 * The addresses {@code destroy-workers} reads (a file, or standard input for {@code -}), and what is left of them
 * afterwards: the file is removed when none is left, else rewritten with the survivors (printed for {@code -}).
 */
public final class AddressList {

    private final Path path;
    private final List<String> lines;

    private AddressList(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
    }

    public static AddressList read(String name, InputStream stdin) throws IOException {
        Path path = name.equals("-") ? null : Path.of(name);
        try {
            String text = path == null ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(path);
            List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            return new AddressList(path, lines);
        } catch (NoSuchFileException e) {
            throw new CloudTaskException(name + " does not exist: give the file launch-workers wrote", ExitCodes.FAILED);
        }
    }

    public List<String> lines() {
        return lines;
    }

    public void keepOnly(List<String> survivors, PrintStream stdout) throws IOException {
        if (path == null) {
            survivors.forEach(stdout::println);
        } else if (survivors.isEmpty()) {
            Files.delete(path);
        } else {
            // why: written aside and moved, so a crash leaves either the old list or the new one, never half
            Path next = path.resolveSibling(path.getFileName() + ".next");
            Files.write(next, survivors, StandardCharsets.UTF_8);
            Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
