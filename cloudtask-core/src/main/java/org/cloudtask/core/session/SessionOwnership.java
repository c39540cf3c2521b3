package org.cloudtask.core.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cloudtask.core.engine.CloudTaskException;

/**
 * A session holds the command a resume runs, so whoever can change it can run commands as the user who resumes it.
 * As OpenSSH refuses a {@code ~/.ssh} that others can write, cloudtask refuses a sessions directory, a session
 * directory or a session file that belongs to another user (root excepted) or that group or others can write.
 */
final class SessionOwnership {

    private static final int ROOT = 0;
    private static final int MY_UID = (int) new com.sun.security.auth.module.UnixSystem().getUid();

    private SessionOwnership() {
    }

    /** Refuses the sessions directory itself, if it exists and is not safe. */
    static void checkSessionsDirectory(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        String problem = problem(root);
        if (problem != null) {
            throw new CloudTaskException("refusing the sessions directory " + root + ": it " + problem
                    + "; make it yours and private (chmod 700) or choose another with --sessions");
        }
    }

    /** Refuses a session whose directory, or any file in it, is not safe (checked before it is read). */
    static void checkSession(long id, Path dir) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            paths = walk.toList();
        } catch (IOException e) {
            throw new CloudTaskException("cannot read session " + id + " in " + dir + " (" + e.getMessage() + ")");
        }
        for (Path p : paths) {
            String problem = problem(p);
            if (problem != null) {
                throw new CloudTaskException("refusing session " + id + ": " + p + " " + problem
                        + ", so its command may not be yours; start a new session");
            }
        }
    }

    /** What is wrong with a path ("belongs to ...", "is writable by others ..."), or null. */
    private static String problem(Path p) {
        try {
            int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != MY_UID && owner != ROOT) {
                return "belongs to " + ownerName(p) + ", not to you";
            }
            if (Files.isSymbolicLink(p)) return null; // why: a link's own mode means nothing; its owner does
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.OTHERS_WRITE) || mode.contains(PosixFilePermission.GROUP_WRITE)) {
                return "is writable by others (mode " + java.nio.file.attribute.PosixFilePermissions.toString(mode) + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot be checked (" + e.getMessage() + ")";
        }
    }

    private static String ownerName(Path p) throws IOException {
        return "user " + Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
    }
}
