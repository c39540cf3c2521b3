package org.cloudtask.core.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Session files are the user's alone: directories 0700, files 0600, set when they are created. */
public final class PrivateFiles {

    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private PrivateFiles() {
    }

    /** Creates a directory (not its parents) with mode 0700; false if it already existed. */
    public static boolean createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, DIRECTORY);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Creates missing directories with mode 0700. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) createDirectories(parent);
        createDirectory(dir);
    }

    /** Opens a file for reading and writing, creating it with mode 0600 if missing. */
    public static FileChannel openReadWrite(Path file) throws IOException {
        return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), FILE);
    }

    /**
     * Makes a directory tree private again (0700 directories, 0600 files): a session copied or opened up by hand (a
     * {@code chmod -R a+r}, a copy under another umask) must not stay readable by others once cloudtask uses it.
     */
    public static void makePrivate(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                if (Files.isSymbolicLink(p)) continue;
                Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY.value() : FILE.value());
            }
        }
    }

    /**
     * Creates a new file (0600) and opens it for writing; fails if anything is at that path, a symbolic link included
     * (O_EXCL: never followed, never truncated).
     */
    public static FileChannel createNew(Path file) throws IOException {
        return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE);
    }

    /**
     * Writes a small file whole (0600), replacing it atomically: written beside it, then renamed over it, so a symbolic
     * link at that path is replaced, never followed.
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                FILE)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
