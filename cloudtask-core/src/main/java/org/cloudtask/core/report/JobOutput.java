package org.cloudtask.core.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.text.LosslessText;

/**
 * One job's output, for {@code cloudtask report ID --job N}: every attempt's bytes exactly as the job wrote them, each
 * under a header line naming the attempt, its worker and its result. The bytes are found the way
 * docs/session-format.md describes: each attempt's END (or START, while it runs) names its slot's output file and the
 * byte range in it.
 */
public final class JobOutput {

    private JobOutput() {
    }

    /** Writes job {@code job}'s attempts to {@code out}; a job that never started or failed to build says so. */
    public static void write(SessionReport report, long job, OutputStream out) throws IOException {
        if (job < 1 || job > report.total()) {
            throw new CloudTaskException("session " + report.id() + " has no job " + job + " (its jobs are 1.."
                    + report.total() + ")", 2);
        }
        String problem = report.buildFailures().get(job);
        if (problem != null) {
            header(out, "job " + job + " failed to build, it never ran: " + problem);
            return;
        }
        boolean any = false;
        for (ReportAttempt a : report.attempts()) {
            if (a.job() != job) continue;
            any = true;
            out.write((header(job, a.attempt(), a.worker(), describe(a, report)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            copy(report.directory().resolve("output").resolve(a.slot()), a, out);
        }
        if (!any) header(out, "job " + job + " has not started yet (pending)");
    }

    private static String describe(ReportAttempt a, SessionReport report) {
        if (a.open()) {
            return report.state() == SessionReport.State.RUNNING ? "running (its output so far)"
                    : "interrupted (the controller stopped while it ran)";
        }
        String then = switch (a.disposition()) {
            case "retry" -> ", retried";
            case "again" -> ", run again";
            default -> "";
        };
        return a.result() + then;
    }

    /**
     * The line above an attempt's output, here and in {@code --group}: {@code === job 7 attempt 1 on local-2: EXIT=0
     * ===}. Printed on a terminal, so a worker's name is shown escaped as {@link LosslessText#printable} escapes it.
     */
    public static String header(long job, int attempt, String worker, String result) {
        return LosslessText.printable("=== job " + job + " attempt " + attempt + " on " + worker + ": " + result
                + " ===");
    }

    private static void header(OutputStream out, String text) throws IOException {
        out.write(("=== " + LosslessText.printable(text) + " ===\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void copy(Path file, ReportAttempt a, OutputStream out) throws IOException {
        if (!Files.isRegularFile(file)) return;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            // why: a running attempt has no length yet; its bytes so far run to the end of its slot's file
            long end = a.open() ? in.size() : Math.min(in.size(), a.offset() + a.length());
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long at = a.offset();
            while (at < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                int n = in.read(buffer, at);
                if (n <= 0) break;
                out.write(buffer.array(), 0, n);
                at += n;
            }
        }
    }
}
