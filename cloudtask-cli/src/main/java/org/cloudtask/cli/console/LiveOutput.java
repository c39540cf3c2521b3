package org.cloudtask.cli.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs' output on the console as it runs ({@code --tag}: each line as {@code worker job-id: line} as soon as it is
 * complete) or after each job ({@code --group}: the job's whole output in one block, right after the job's status
 * line, under a header naming the job). Lines of two jobs never mix: whole lines are printed under the console's
 * lock, and a partial line waits for its newline or the job's end.
 */
public final class LiveOutput {

    /** The frontEnd settings key and its values. */
    public static final String SETTING = "live-output";
    public static final String TAG = "tag";
    public static final String GROUP = "group";

    // why: a job printing a huge line without newline must not hold unbounded memory; it is shown in pieces
    static final int MAX_PARTIAL_LINE = 64 * 1024;
    // why: --group holds a job's output until it ends; beyond this, the rest is only in the session's output files
    static final int MAX_GROUP_BYTES = 4 * 1024 * 1024;

    private final Console console;
    private final boolean tag;
    private final Map<String, ByteArrayOutputStream> pending = new ConcurrentHashMap<>();
    private final Map<String, Boolean> truncated = new ConcurrentHashMap<>();
    /** --group: blocks of attempts whose output ended, waiting for their status line. */
    private final Map<String, List<String>> ready = new ConcurrentHashMap<>();

    private LiveOutput(Console console, boolean tag) {
        this.console = console;
        this.tag = tag;
    }

    /** The live output the settings ask for, or null for none (the default: output goes to the session only). */
    public static LiveOutput forMode(String mode, Console console) {
        if (TAG.equals(mode)) return new LiveOutput(console, true);
        if (GROUP.equals(mode)) return new LiveOutput(console, false);
        return null;
    }

    void output(long jobId, int attempt, String worker, byte[] bytes, int offset, int length) {
        String key = jobId + "/" + attempt;
        ByteArrayOutputStream buffer = pending.computeIfAbsent(key, k -> new ByteArrayOutputStream());
        if (!tag) {
            int room = MAX_GROUP_BYTES - buffer.size();
            if (length > room) truncated.put(key, true);
            buffer.write(bytes, offset, Math.max(0, Math.min(length, room)));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                lines.add(text(buffer));
                buffer.reset();
            } else {
                buffer.write(bytes[i]);
                if (buffer.size() >= MAX_PARTIAL_LINE) {
                    lines.add(text(buffer));
                    buffer.reset();
                }
            }
        }
        print(prefix(worker, jobId), lines);
    }

    void ended(long jobId, int attempt, String worker) {
        String key = jobId + "/" + attempt;
        ByteArrayOutputStream buffer = pending.remove(key);
        boolean cut = truncated.remove(key) != null;
        if (buffer == null) return;
        if (tag) {
            if (buffer.size() > 0) print(prefix(worker, jobId), List.of(text(buffer)));
            return;
        }
        List<String> lines = new ArrayList<>(text(buffer).lines().toList());
        if (cut) lines.add("(output of job " + jobId + " cut at " + MAX_GROUP_BYTES + " bytes here; the session's output files hold all of it)");
        // why: the status line comes once the result is on disk; the block follows it (see attemptFinished)
        if (!lines.isEmpty()) ready.put(key, lines);
    }

    /**
     * --group: the attempt's status line was just printed; its output follows at once, under a header. Called on
     * the thread that prints status lines, so no other status line comes between them.
     */
    void attemptFinished(long jobId, int attempt, String worker, String result) {
        List<String> lines = ready.remove(jobId + "/" + attempt);
        if (lines == null) return;
        List<String> block = new ArrayList<>(lines.size() + 1);
        block.add(org.cloudtask.core.report.JobOutput.header(jobId, attempt, worker, result));
        block.addAll(lines);
        print("", block);
    }

    private static String prefix(String worker, long jobId) {
        return worker + " " + jobId + ": ";
    }

    private void print(String prefix, List<String> lines) {
        if (lines.isEmpty()) return;
        // why: Console's methods lock on it, so holding its lock keeps this block of lines together
        synchronized (console) {
            for (String line : lines) console.line(prefix + line);
        }
    }

    private static String text(ByteArrayOutputStream buffer) {
        String s = buffer.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
