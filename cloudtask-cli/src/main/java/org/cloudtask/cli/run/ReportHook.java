package org.cloudtask.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.text.Counted;

/**
 * Runs a session's {@code --report} when its run ends: {@code sh:CMD} in the session's directory, or
 * {@code mail:FROM TO...} through sendmail. The environment is clean (PATH, HOME, LANG) plus the counts, so nothing
 * of the controller's (credentials) leaks in. Whatever happens is logged; the task's result never changes.
 */
public final class ReportHook {

    private static final long TIMEOUT_SECONDS = 300;
    private static final List<String> SENDMAILS = List.of("/usr/sbin/sendmail", "/usr/lib/sendmail");

    private final String spec;
    private final Consumer<String> log;

    public ReportHook(String spec, Consumer<String> log) {
        this.spec = spec;
        this.log = log;
    }

    /** What is wrong with a {@code --report} value, in one line, or null. */
    public static String check(String spec) {
        if (spec.startsWith("sh:")) {
            return spec.substring(3).isBlank() ? "--report sh: needs a command, e.g. --report 'sh:./notify'" : null;
        }
        if (spec.startsWith("mail:")) {
            if (spec.substring(5).trim().split("\\s+").length < 2) {
                return "--report mail: needs a sender and at least one recipient: --report 'mail:FROM TO...'";
            }
            return sendmail() == null ? "--report mail: needs sendmail (" + String.join(" or ", SENDMAILS)
                    + "), which is not installed here; use --report 'sh:CMD' instead" : null;
        }
        return "--report must be sh:CMD or mail:FROM TO..., not '" + spec + "'";
    }

    /** Runs the report for this summary in {@code sessionDirectory}. */
    public void run(Summary summary, Path sessionDirectory) {
        String problem = check(spec);
        if (problem != null) {
            log.accept("report: " + problem);
            return;
        }
        try {
            if (spec.startsWith("sh:")) {
                finish(start(List.of("/bin/sh", "-c", spec.substring(3)), summary, sessionDirectory), "sh");
            } else {
                mail(summary, sessionDirectory);
            }
        } catch (IOException e) {
            log.accept("report: could not run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.accept("report: interrupted");
        }
    }

    private void mail(Summary summary, Path dir) throws IOException, InterruptedException {
        String[] words = spec.substring(5).trim().split("\\s+");
        List<String> command = new ArrayList<>(List.of(sendmail(), "-i", "-f", words[0]));
        command.addAll(List.of(words).subList(1, words.length));
        Process process = start(command, summary, dir);
        try (OutputStream in = process.getOutputStream()) {
            in.write(("From: " + words[0] + "\nTo: " + String.join(", ", List.of(words).subList(1, words.length))
                    + "\nSubject: cloudtask session " + summary.sessionId() + ": " + summary.ok() + " of "
                    + summary.total() + " ok\n\n" + counts(summary) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        finish(process, "mail");
    }

    /** The mail's body line. */
    static String counts(Summary s) {
        return "session " + s.sessionId() + ": " + Counted.of(s.total(), "job") + ", " + s.ok() + " ok, " + (s.failed() + s.timeouts())
                + " failed or timed out, " + s.pending() + " pending" + (s.aborted() ? " (aborted)" : "");
    }

    private static Process start(List<String> command, Summary summary, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        for (String name : List.of("PATH", "HOME", "LANG")) {
            String value = System.getenv(name);
            if (value != null) env.put(name, value);
        }
        env.put("CLOUDTASK_SESSION", Long.toString(summary.sessionId()));
        env.put("CLOUDTASK_TOTAL", Long.toString(summary.total()));
        env.put("CLOUDTASK_OK", Long.toString(summary.ok()));
        // why: for a report, a job that timed out failed too
        env.put("CLOUDTASK_FAILED", Long.toString(summary.failed() + summary.timeouts()));
        env.put("CLOUDTASK_PENDING", Long.toString(summary.pending()));
        return builder.start();
    }

    /** Logs the report's output line by line and its failure; kills it after the timeout. */
    private void finish(Process process, String kind) throws InterruptedException {
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) log.accept("report: " + line);
            } catch (IOException e) {
                // why: the report ended or was killed; its exit status says what matters
            }
        }, "cloudtask-report-output");
        pump.setDaemon(true);
        pump.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            log.accept("report (" + kind + ") killed after " + TIMEOUT_SECONDS + " s");
            return;
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        if (process.exitValue() != 0) log.accept("report (" + kind + ") exited " + process.exitValue());
    }

    private static String sendmail() {
        for (String path : SENDMAILS) {
            if (Files.isExecutable(Path.of(path))) return path;
        }
        return null;
    }
}
