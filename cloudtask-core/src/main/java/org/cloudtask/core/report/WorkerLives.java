package org.cloudtask.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the worker rows from the journal's WORKER and LAUNCH records and the attempts. A launched worker is matched
 * to the name its attempts carry through the address in its LAUNCH {@code ready} record ({@code [N/][user@]host[:port]},
 * while attempts name {@code host[:port]}).
 */
final class WorkerLives {

    private final Map<String, ReportWorker> workers = new LinkedHashMap<>();
    private final Map<String, ReportWorker> byInstance = new HashMap<>();
    private final Set<String> listed;

    WorkerLives(Set<String> listedNames) {
        this.listed = listedNames;
    }

    ReportWorker worker(String name) {
        return workers.computeIfAbsent(name, n -> {
            ReportWorker w = new ReportWorker(n);
            if (listed.contains(n)) w.kind = ReportWorker.Kind.LISTED;
            return w;
        });
    }

    /** {@code WORKER millis worker event [detail]}. */
    void workerRecord(String[] f, String detail) {
        long millis = Long.parseLong(f[1]);
        ReportWorker w = worker(f[2]);
        switch (f[3]) {
            case "joined" -> {
                w.joinedAt = millis;
                if (detail != null && detail.matches("[0-9]+")) w.slots = Math.max(w.slots, Integer.parseInt(detail));
            }
            case "left" -> closeLife(w, millis, detail == null ? "left" : "left (" + detail + ")");
            default -> closeLife(w, millis, f[3] + (detail == null ? "" : ": " + detail));
        }
    }

    private static void closeLife(ReportWorker w, long millis, String end) {
        if (w.joinedAt >= 0) w.lifetimeMillis += millis - w.joinedAt;
        w.joinedAt = -1;
        // why: "left" follows "failed" for the same worker; the failure is the news
        if (!(end.startsWith("left") && !w.end.isEmpty() && !w.end.startsWith("left"))) w.end = end;
    }

    /** {@code LAUNCH millis event instanceId [detail]}. */
    void launchRecord(String[] f, String detail) {
        long millis = Long.parseLong(f[1]);
        String id = f[3];
        ReportWorker w = byInstance.get(id);
        if (f[2].equals("ready") && detail != null) {
            ReportWorker named = worker(displayName(detail));
            if (w != null && w != named) workers.remove(w.name());
            if (w != null) named.createdAt = w.createdAt;
            w = named;
            byInstance.put(id, w);
        }
        if (w == null) {
            w = worker(id);
            byInstance.put(id, w);
        }
        w.kind = ReportWorker.Kind.LAUNCHED;
        w.instanceId = id;
        switch (f[2]) {
            case "created" -> w.createdAt = millis;
            case "destroyed" -> w.destroyedAt = millis;
            case "destroy-failed" -> w.destroyFailure = detail;
            case "failed" -> w.end = "launch failed" + (detail == null ? "" : ": " + detail);
            default -> { }
        }
    }

    /** {@code [N/][user@]host[:port]} to {@code host[:port]}, the name attempts carry. */
    static String displayName(String address) {
        String a = address.replaceFirst("^[0-9]+/", "");
        int at = a.lastIndexOf('@');
        return at >= 0 ? a.substring(at + 1) : a;
    }

    void attempt(ReportAttempt a, long now) {
        ReportWorker w = worker(a.worker());
        w.jobs++;
        w.busyMillis += a.durationMillis(now);
    }

    /** Closes lives still open at the last activity seen ({@code now}) and returns the rows. */
    List<ReportWorker> finish(long now) {
        for (ReportWorker w : workers.values()) {
            if (w.joinedAt >= 0) {
                w.lifetimeMillis += now - w.joinedAt;
                w.joinedAt = -1;
                if (w.end.isEmpty()) w.end = "in the pool";
            }
            if (w.kind == ReportWorker.Kind.LAUNCHED && w.createdAt >= 0) {
                w.lifetimeMillis = (w.destroyed() ? w.destroyedAt : now) - w.createdAt;
            }
        }
        List<ReportWorker> rows = new ArrayList<>(workers.values());
        // why: journal order depends on thread timing; a fixed order keeps reports comparable
        rows.sort(Comparator.comparing(ReportWorker::kind).thenComparing(ReportWorker::name, NaturalOrder.INSTANCE));
        return rows;
    }
}
