package org.cloudtask.core.report;

import java.io.IOException;
import java.util.List;
import org.cloudtask.core.input.ShownText;
import org.cloudtask.core.text.LosslessText;

/**
 * The report as plain text, like the original tool's log analyser: a header with the counts, the worker table, the
 * failures with the last lines of their output, and the pending jobs. Meant for a terminal: control characters of
 * the command, inputs, outputs and worker texts are shown escaped ({@link LosslessText#printableLines}).
 */
public final class TextReport {

    /** Lines of output shown for each failure. */
    public static final int TAIL_LINES = 5;

    private TextReport() {
    }

    public static String render(SessionReport r) throws IOException {
        StringBuilder out = new StringBuilder();
        header(r, out);
        workers(r, out);
        failures(r, out);
        pending(r, out);
        // why the whole text: every line holds text from inputs, jobs or workers, and none holds a wanted control
        return LosslessText.printableLines(out.toString());
    }

    private static void header(SessionReport r, StringBuilder out) {
        out.append("session ").append(r.id()).append(": ")
                .append(r.command() == null ? "(each input line is a command)" : r.command()).append('\n');
        out.append("state: ").append(state(r)).append('\n');
        out.append("elapsed ").append(Durations.format(r.elapsedMillis())).append(" in ").append(r.runs())
                .append(r.runs() == 1 ? " run" : " runs").append('\n');
        out.append("total ").append(r.total()).append(r.inputComplete() ? "" : " (input not read to its end)")
                .append(", ok ").append(r.ok()).append(", failed ").append(r.failed()).append(", timeouts ")
                .append(r.timeouts()).append(", pending ").append(r.pending());
        if (r.running() > 0) out.append(" (").append(r.running()).append(r.state() == SessionReport.State.RUNNING
                ? " running)" : " interrupted)");
        out.append('\n');
        long retried = r.attempts().stream().filter(a -> a.disposition().equals("retry")).count();
        long again = r.attempts().stream().filter(a -> a.disposition().equals("again")).count();
        out.append("attempts ").append(r.attempts().size()).append(": ").append(retried).append(" retried, ")
                .append(again).append(" run again (lost, aborted or on a retired worker)\n");
    }

    private static String state(SessionReport r) {
        return switch (r.state()) {
            case RUNNING -> "running (controller " + r.controller() + ")";
            case FINISHED -> "finished";
            case STOPPED -> r.running() > 0 ? "stopped while jobs ran (the controller died): resume it"
                    : "stopped with jobs pending: resume it";
        };
    }

    private static void workers(SessionReport r, StringBuilder out) {
        out.append("\nworkers (").append(r.workers().size()).append(")\n");
        TextTable t = new TextTable("worker", "kind", "slots", "jobs", "busy", "lifetime", "destroyed", "end");
        for (ReportWorker w : r.workers()) {
            t.row(w.name(), w.kind().name().toLowerCase(), w.slots(), w.jobs(), Durations.format(w.busyMillis()),
                    Durations.format(w.lifetimeMillis()), destroyed(w), w.end().isEmpty() ? "-" : w.end());
        }
        t.appendTo(out);
        long undestroyed = r.workers().stream().filter(ReportWorker::undestroyed).count();
        if (undestroyed > 0) {
            out.append("WARNING: ").append(undestroyed).append(undestroyed == 1 ? " launched worker was" :
                    " launched workers were").append(" never destroyed; check your cloud account\n");
        }
    }

    private static String destroyed(ReportWorker w) {
        if (w.kind() != ReportWorker.Kind.LAUNCHED) return "-";
        if (w.destroyed()) return "yes";
        return "NO!" + (w.destroyFailure() == null ? "" : " (" + w.destroyFailure() + ")");
    }

    private static void failures(SessionReport r, StringBuilder out) throws IOException {
        List<ReportAttempt> failures = r.failures();
        out.append("\nfailures (").append(failures.size() + r.buildFailures().size()).append(")\n");
        r.buildFailures().forEach((job, problem) -> out.append("job ").append(job).append("  failed to build  input: ")
                .append(ShownText.of(r.input(job))).append('\n').append("    | ")
                .append(LosslessText.printable(problem)).append('\n'));
        if (failures.isEmpty()) return;
        for (ReportAttempt a : failures) {
            out.append("job ").append(a.job()).append("  ").append(a.result()).append("  ")
                    .append(Durations.format(a.durationMillis(r.lastMillis()))).append("  on ").append(a.worker())
                    .append("  attempt ").append(a.attempt()).append("  input: ").append(ShownText.of(r.input(a.job())))
                    .append('\n');
            String tail = r.outputTail(a, TAIL_LINES);
            if (!tail.isEmpty()) tail.lines().forEach(l -> out.append("    | ").append(l).append('\n'));
        }
    }

    private static void pending(SessionReport r, StringBuilder out) {
        List<Long> pending = r.pendingJobs();
        out.append("\npending (").append(pending.size()).append(")\n");
        for (long job : pending) {
            ReportAttempt a = r.lastAttempt(job);
            out.append("job ").append(job).append("  ").append(a == null ? "never started" : a.open()
                    ? (r.state() == SessionReport.State.RUNNING ? "running" : "interrupted") + " on " + a.worker()
                    : "last attempt " + a.result() + " on " + a.worker()).append("  input: ").append(ShownText.of(r.input(job)))
                    .append('\n');
        }
    }
}
