package org.cloudtask.core.report;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's data for the HTML page, as compact JSON: one array per column (attempts and jobs), numbers relative to
 * the first start, results as {@link ResultKind} ordinals. A 100,000-job session is a few megabytes.
 */
final class ReportJson {

    /** Failures whose output tails are embedded; the rest are in the job table and in --outdir. */
    static final int MAX_FAILURE_TAILS = 200;

    private ReportJson() {
    }

    static String of(SessionReport r) throws IOException {
        StringBuilder out = new StringBuilder(64 * 1024 + r.attempts().size() * 48);
        JsonWriter w = new JsonWriter(out);
        List<ReportAttempt> attempts = r.attempts();
        long t0 = attempts.stream().mapToLong(ReportAttempt::startMillis).min().orElse(r.firstMillis());
        long now = r.lastMillis();
        Map<String, Integer> slotIndex = new HashMap<>();
        for (int i = 0; i < r.slots().size(); i++) slotIndex.put(r.slots().get(i), i);

        w.raw("{").key("id").string(r.id()).raw(",").key("command").string(r.command())
                .raw(",").key("state").string(r.state().name().toLowerCase())
                .raw(",").key("controller").string(r.controller())
                .raw(",").key("t0").number(t0).raw(",").key("span").number(Math.max(1, now - t0))
                .raw(",").key("elapsed").number(r.elapsedMillis()).raw(",").key("runs").number(r.runs())
                .raw(",").key("inputComplete").raw(Boolean.toString(r.inputComplete()))
                .raw(",").key("counts").raw("[" + r.total() + "," + r.ok() + "," + r.failed() + "," + r.timeouts()
                        + "," + r.pending() + "," + r.running() + "]");
        w.raw(",").key("slots").raw("[");
        for (int i = 0; i < r.slots().size(); i++) {
            w.raw(i == 0 ? "[" : ",[").string(r.slots().get(i)).raw(",").string(r.slotWorkers().get(i)).raw("]");
        }
        w.raw("],").key("a").raw("{");
        int n = attempts.size();
        w.numbers("j", n, i -> attempts.get(i).job()).raw(",");
        w.numbers("n", n, i -> attempts.get(i).attempt()).raw(",");
        w.numbers("s", n, i -> slotIndex.getOrDefault(attempts.get(i).slot(), 0)).raw(",");
        w.numbers("t", n, i -> attempts.get(i).startMillis() - t0).raw(",");
        w.numbers("d", n, i -> attempts.get(i).durationMillis(now)).raw(",");
        w.numbers("r", n, i -> attempts.get(i).kind().ordinal()).raw(",");
        w.numbers("x", n, i -> exitCode(attempts.get(i).result())).raw(",");
        w.numbers("f", n, i -> attempts.get(i).isFinal() ? 1 : 0).raw("},");
        int jobs = (int) r.total();
        w.key("jobs").raw("{").key("in").raw("[");
        // why printable: bytes that are not UTF-8 would reach the page as '?'; escaped they show what they are
        for (int j = 1; j <= jobs; j++) {
            w.raw(j == 1 ? "" : ",").string(org.cloudtask.core.text.LosslessText.printable(r.input(j)));
        }
        w.raw("],");
        w.numbers("a", jobs, i -> r.lastAttempt[i]).raw(",");
        w.numbers("done", jobs, i -> r.done[i] ? 1 : 0).raw("},");
        workers(r, w);
        failures(r, w, attempts);
        return out.append('}').toString();
    }

    private static long exitCode(String result) {
        return result.startsWith("EXIT=") ? Long.parseLong(result.substring(5)) : -1;
    }

    private static void workers(SessionReport r, JsonWriter w) {
        w.key("workers").raw("[");
        boolean first = true;
        for (ReportWorker x : r.workers()) {
            w.raw(first ? "[" : ",[").string(x.name()).raw(",").string(x.kind().name().toLowerCase())
                    .raw(",").number(x.slots()).raw(",").number(x.jobs()).raw(",").number(x.busyMillis())
                    .raw(",").number(x.lifetimeMillis()).raw(",")
                    .string(x.kind() != ReportWorker.Kind.LAUNCHED ? "-" : x.destroyed() ? "yes"
                            : "NO" + (x.destroyFailure() == null ? "" : " (" + x.destroyFailure() + ")"))
                    .raw(",").string(x.end()).raw(",").number(x.undestroyed() ? 1 : 0).raw("]");
            first = false;
        }
        w.raw("],");
    }

    private static void failures(SessionReport r, JsonWriter w, List<ReportAttempt> attempts) throws IOException {
        List<ReportAttempt> failures = r.failures();
        w.key("failTotal").number(failures.size()).raw(",").key("fail").raw("[");
        for (int i = 0; i < Math.min(failures.size(), MAX_FAILURE_TAILS); i++) {
            ReportAttempt a = failures.get(i);
            w.raw(i == 0 ? "[" : ",[").number(r.lastAttempt[(int) a.job() - 1]).raw(",")
                    .string(r.outputTail(a, TextReport.TAIL_LINES)).raw("]");
        }
        w.raw("]");
    }
}
