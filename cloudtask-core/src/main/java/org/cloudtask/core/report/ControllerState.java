package org.cloudtask.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cloudtask.core.session.Hosts;

/**
 * Tells whether a controller on this host holds the session now, without touching the lock file: the kernel lists
 * the file locks held in {@code /proc/locks} (Linux), by inode and with the holder's pid.
 *
 * <p>Why not open the lock file: closing any channel a process opened on a file drops every POSIX lock that process
 * holds on it, so a report in the controller's own JVM (the Jenkins plugin) would unlock the session. Without
 * {@code /proc/locks} (not Linux) the state is told from the journal only.
 */
final class ControllerState {

    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private ControllerState() {
    }

    static void fill(SessionReport report, Path dir) throws IOException {
        String holder = lockHolder(dir.resolve("lock"));
        if (holder != null) {
            report.state = SessionReport.State.RUNNING;
            report.controller = "pid " + holder + " on host " + Hosts.localName();
        } else if (report.inputComplete && report.pending == 0) {
            report.state = SessionReport.State.FINISHED;
        } else {
            report.state = SessionReport.State.STOPPED;
        }
    }

    /** The pid holding a POSIX lock on the file, or null. */
    private static String lockHolder(Path lock) throws IOException {
        if (!Files.isReadable(PROC_LOCKS) || !Files.isRegularFile(lock)) return null;
        String inode = ":" + Files.getAttribute(lock, "unix:ino") + " ";
        List<String> locks = Files.readAllLines(PROC_LOCKS);
        for (String line : locks) {
            // why: a line is "1: POSIX  ADVISORY  WRITE <pid> <major>:<minor>:<inode> <start> <end>"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[1].equals("POSIX") && (f[5] + " ").endsWith(inode)) return f[4];
        }
        return null;
    }
}
