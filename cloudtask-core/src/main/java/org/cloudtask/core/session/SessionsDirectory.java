package org.cloudtask.core.session;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.core.engine.CloudTaskException;

/**
 * The directory that holds one numbered sub-directory per session ({@code --sessions DIR}), mode 0700. One that
 * another user owns or can write is refused, and so is such a session ({@link SessionOwnership}).
 */
public final class SessionsDirectory {

    private final Path root;

    public SessionsDirectory(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** Creates the next session's directory ({@code max id + 1}) and returns its id. */
    public long createNext() {
        try {
            PrivateFiles.createDirectories(root);
            SessionOwnership.checkSessionsDirectory(root);
            while (true) {
                long id = highestId() + 1;
                if (PrivateFiles.createDirectory(root.resolve(Long.toString(id)))) return id;
            }
        } catch (IOException e) {
            throw new CloudTaskException("cannot create a session in " + root + " (" + e.getMessage()
                    + "); make it writable or choose another directory with --sessions");
        }
    }

    /** The directory of an existing session, or a one-line error naming the directory searched. */
    public Path existing(long id) {
        SessionOwnership.checkSessionsDirectory(root);
        Path dir = root.resolve(Long.toString(id));
        if (id >= 1 && Files.isDirectory(dir) && !Files.isRegularFile(dir.resolve("settings"))) {
            throw new CloudTaskException("session " + id + " has no settings file (" + dir.resolve("settings")
                    + "); without it the session cannot be resumed safely: start a new one");
        }
        if (id < 1 || !Files.isRegularFile(dir.resolve("settings"))) {
            throw new CloudTaskException("there is no session " + id + " in " + root
                    + "; list the sessions with: ls " + root);
        }
        SessionOwnership.checkSession(id, dir);
        return dir;
    }

    public Path directory(long id) {
        return root.resolve(Long.toString(id));
    }

    private long highestId() throws IOException {
        long max = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.length() < 18 && name.chars().allMatch(Character::isDigit)) {
                    max = Math.max(max, Long.parseLong(name));
                }
            }
        }
        return max;
    }
}
