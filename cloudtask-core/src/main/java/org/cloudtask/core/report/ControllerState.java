package org.cloudtask.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells whether a controller is working on the session now, without touching its lock: the kernel lists the file
 * locks held in {@code /proc/locks} (Linux) by inode, so the report looks for the lock file's inode there. Elsewhere it
 * falls back to asking whether the process named in the lock file is alive on this host.
 */
final class ControllerState {

    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private ControllerState() {
    }

    static void fill(SessionReport report, Path dir) throws IOException {
        Path lock = dir.resolve("lock");
        String holder = holder(lock);
        if (holder != null && held(lock, holder)) {
            report.state = SessionReport.State.RUNNING;
            report.controller = "pid " + holder.replaceFirst(" ", " on host ");
        } else if (report.inputComplete && report.pending == 0) {
            report.state = SessionReport.State.FINISHED;
        } else {
            report.state = SessionReport.State.STOPPED;
        }
    }

    /** {@code pid host} from the lock file, or null. */
    private static String holder(Path lock) throws IOException {
        if (!Files.isRegularFile(lock)) return null;
        String text = new String(Files.readAllBytes(lock), StandardCharsets.UTF_8).strip();
        return text.matches("[0-9]+ \\S+") ? text : null;
    }

    private static boolean held(Path lock, String holder) throws IOException {
        if (Files.isReadable(PROC_LOCKS)) {
            Object inode = Files.getAttribute(lock, "unix:ino");
            String suffix = ":" + inode + " ";
            List<String> locks = Files.readAllLines(PROC_LOCKS);
            // why: a line is "1: POSIX ADVISORY WRITE <pid> <major>:<minor>:<inode> <start> <end>"
            return locks.stream().anyMatch(l -> l.contains(suffix) && l.contains(" POSIX "));
        }
        long pid = Long.parseLong(holder.substring(0, holder.indexOf(' ')));
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
