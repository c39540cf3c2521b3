package org.cloudtask.core.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and kills local jobs that a dead controller left running. A process is one of ours only if it is in the
 * process group the journal recorded for the attempt AND its environment says the same session and job
 * ({@code CLOUDTASK_SESSION}, {@code CLOUDTASK_JOB}): a process group id reused by an unrelated program is never
 * touched. Reads {@code /proc}, so it works on Linux; elsewhere it finds nothing.
 */
public final class OrphanedJobs {

    private static final Path PROC = Path.of("/proc");

    private OrphanedJobs() {
    }

    /** Kills (SIGKILL) the processes of job {@code job}'s process group {@code pgid}; returns how many. */
    public static int kill(long sessionId, long job, long pgid) {
        List<ProcessHandle> found = find(sessionId, job, pgid);
        for (ProcessHandle p : found) p.destroyForcibly();
        return found.size();
    }

    static List<ProcessHandle> find(long sessionId, long job, long pgid) {
        List<ProcessHandle> found = new ArrayList<>();
        if (!Files.isDirectory(PROC)) return found;
        String sessionVar = "CLOUDTASK_SESSION=" + sessionId;
        String jobVar = "CLOUDTASK_JOB=" + job;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (processGroup(dir) == pgid && environmentHas(dir, sessionVar, jobVar)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            // why: /proc unreadable means we cannot prove any process is ours, so we touch none
        }
        return found;
    }

    /** Field 5 of {@code /proc/PID/stat}, read after the command name, which may itself hold spaces and parens. */
    private static long processGroup(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean environmentHas(Path dir, String a, String b) {
        try {
            String env = new String(Files.readAllBytes(dir.resolve("environ")), StandardCharsets.UTF_8);
            boolean hasA = false;
            boolean hasB = false;
            for (String entry : env.split("\0")) {
                hasA |= entry.equals(a);
                hasB |= entry.equals(b);
            }
            return hasA && hasB;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
