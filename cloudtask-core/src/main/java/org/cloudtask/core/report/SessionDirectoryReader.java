package org.cloudtask.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.session.JournalReader;
import org.cloudtask.core.session.JournalRecords;

/**
 * Reads a session directory into a {@link SessionReport}, opening every file read-only: {@code settings},
 * {@code inputs}, {@code journal} (up to its last intact record) and {@code lock} (only to name the controller). The
 * {@code jobs} file is not needed: the journal is the record of results.
 */
final class SessionDirectoryReader {

    private final Path dir;
    private final SessionReport report;
    private final List<ReportAttempt> attempts = new ArrayList<>();
    private final Map<String, String[]> openStarts = new LinkedHashMap<>();
    private final Map<String, String> slotWorker = new LinkedHashMap<>();
    private final Map<Long, Integer> lastByJob = new HashMap<>();
    private final Set<Long> doneJobs = new HashSet<>();
    private final Map<Integer, long[]> runSpans = new LinkedHashMap<>();
    private WorkerLives lives;
    private long jobsRecord = -1;
    private long highestJob;
    private int run;

    SessionDirectoryReader(Path dir) {
        this.dir = dir;
        this.report = new SessionReport(dir);
    }

    SessionReport read() throws IOException {
        Path settingsFile = dir.resolve("settings");
        if (!Files.isRegularFile(settingsFile) || !Files.exists(dir.resolve("journal"))) {
            throw new CloudTaskException(dir + " is not a cloudtask session (it has no settings and journal files);"
                    + " give a session id or the path of a session directory");
        }
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(settingsFile)) {
            settings.load(in);
        }
        report.id = dir.getFileName().toString();
        report.command = settings.getProperty("command");
        lives = new WorkerLives(listedWorkers(settings));
        long[] line = {0};
        JournalReader.read(dir.resolve("journal"), text -> {
            line[0]++;
            try {
                record(text);
            } catch (RuntimeException e) {
                throw new CloudTaskException("the session journal " + dir.resolve("journal") + " has a record this"
                        + " version cannot read at line " + line[0] + " (" + e + "); is it from a newer cloudtask?");
            }
        });
        readInputs();
        finish();
        return report;
    }

    private static Set<String> listedWorkers(Properties settings) {
        Set<String> names = new HashSet<>();
        for (String key : settings.stringPropertyNames()) {
            if (key.matches("worker\\.[0-9]+")) names.add(WorkerLives.displayName(settings.getProperty(key)));
        }
        return names;
    }

    private void record(String text) {
        String[] f = text.split(" ");
        switch (f[0]) {
            case JournalRecords.RUN -> {
                run = Integer.parseInt(f[1]);
                long millis = Long.parseLong(f[2]);
                runSpans.put(run, new long[] {millis, millis});
                if (report.firstMillis == 0) report.firstMillis = millis;
            }
            case JournalRecords.JOBS -> jobsRecord = Long.parseLong(f[1]);
            case JournalRecords.START -> start(f);
            case JournalRecords.END -> end(f);
            case JournalRecords.REQUEUE -> doneJobs.remove(Long.parseLong(f[1]));
            case JournalRecords.INVALID -> {
                String[] v = text.split(" ", 4);
                long job = Long.parseLong(v[1]);
                seen(Long.parseLong(v[2]));
                report.buildFailures.put(job, v.length > 3 ? v[3] : "");
                highestJob = Math.max(highestJob, job);
            }
            case JournalRecords.WORKER -> {
                String[] w = text.split(" ", 5);
                seen(Long.parseLong(w[1]));
                lives.workerRecord(w, w.length > 4 ? w[4] : null);
            }
            case JournalRecords.LAUNCH -> {
                String[] l = text.split(" ", 5);
                seen(Long.parseLong(l[1]));
                lives.launchRecord(l, l.length > 4 ? l[4] : null);
            }
            default -> { } // why: SYNCED and records of later versions say nothing the report shows
        }
    }

    private void seen(long millis) {
        long[] span = runSpans.get(run);
        if (span != null) span[1] = Math.max(span[1], millis);
        report.lastMillis = Math.max(report.lastMillis, millis);
    }

    /** {@code START job attempt millis worker output offset pgid}. */
    private void start(String[] f) {
        seen(Long.parseLong(f[3]));
        openStarts.put(f[1] + "/" + f[2], f);
        slotWorker.putIfAbsent(f[5], f[4]);
        highestJob = Math.max(highestJob, Long.parseLong(f[1]));
    }

    /** {@code END job attempt millis result disposition signal output offset length}. */
    private void end(String[] f) {
        long millis = Long.parseLong(f[3]);
        seen(millis);
        String[] s = openStarts.remove(f[1] + "/" + f[2]);
        long job = Long.parseLong(f[1]);
        String worker = s == null ? "-" : s[4];
        long start = s == null ? millis : Long.parseLong(s[3]);
        slotWorker.putIfAbsent(f[7], worker);
        ReportAttempt a = new ReportAttempt(job, Integer.parseInt(f[2]), worker, f[7], start, millis, f[4].intern(),
                f[5].intern(), Long.parseLong(f[8]), Long.parseLong(f[9]));
        lastByJob.put(job, attempts.size());
        attempts.add(a);
        if (a.isFinal()) doneJobs.add(job);
        else doneJobs.remove(job);
        highestJob = Math.max(highestJob, job);
    }

    /** One input per job; a line still being written is left for the next read. */
    private void readInputs() throws IOException {
        List<String> lines = InputsFile.wholeRecords(dir.resolve("inputs"), inputSeparator());
        long count = jobsRecord >= 0 ? jobsRecord : Math.max(lines.size(), highestJob);
        String[] inputs = new String[(int) count];
        for (int i = 0; i < count; i++) inputs[i] = i < lines.size() ? lines.get(i) : "?";
        report.inputs = inputs;
    }

    /** The byte that ends the inputs file's records: the input mode's separator. */
    private byte inputSeparator() {
        Path settings = dir.resolve("settings");
        if (!Files.exists(settings)) return '\n';
        try {
            return org.cloudtask.core.session.SettingsFile.load(settings).inputMode().separator();
        } catch (IOException | RuntimeException e) {
            return '\n';
        }
    }

    private void finish() throws IOException {
        for (String[] s : openStarts.values()) {
            long job = Long.parseLong(s[1]);
            lastByJob.put(job, attempts.size());
            attempts.add(new ReportAttempt(job, Integer.parseInt(s[2]), s[4], s[5], Long.parseLong(s[3]), -1,
                    ReportAttempt.RUNNING, "-", Long.parseLong(s[6]), 0));
        }
        long now = report.lastMillis;
        for (ReportAttempt a : attempts) lives.attempt(a, now);
        report.attempts = attempts;
        report.workers = lives.finish(now);
        List<String> slots = new ArrayList<>(slotWorker.keySet());
        // why: rows grouped by worker, then in slot order, read better than in the order the slots first ran
        slots.sort(Comparator.comparing((String s) -> slotWorker.get(s), NaturalOrder.INSTANCE)
                .thenComparing(NaturalOrder.INSTANCE));
        report.slots = slots;
        report.slotWorkers = slots.stream().map(slotWorker::get).toList();
        report.runs = run;
        report.inputComplete = jobsRecord >= 0;
        report.elapsedMillis = runSpans.values().stream().mapToLong(s -> s[1] - s[0]).sum();
        countJobs();
        ControllerState.fill(report, dir);
    }

    private void countJobs() {
        int n = report.inputs.length;
        report.lastAttempt = new int[n];
        report.done = new boolean[n];
        Arrays.fill(report.lastAttempt, -1);
        lastByJob.forEach((job, index) -> {
            if (job <= n) report.lastAttempt[(int) (job - 1)] = index;
        });
        for (long job = 1; job <= n; job++) {
            if (report.buildFailures.containsKey(job)) {
                report.done[(int) job - 1] = true;
                report.failed++;
                continue;
            }
            ReportAttempt a = report.lastAttempt(job);
            boolean done = doneJobs.contains(job) && a != null && a.isFinal();
            report.done[(int) job - 1] = done;
            if (!done) {
                report.pending++;
                if (a != null && a.open()) report.running++;
                continue;
            }
            switch (a.kind()) {
                case OK -> report.ok++;
                case TIMEOUT -> report.timeouts++;
                default -> report.failed++;
            }
        }
    }
}
