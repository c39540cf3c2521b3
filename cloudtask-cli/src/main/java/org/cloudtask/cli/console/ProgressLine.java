package org.cloudtask.cli.console;

import java.time.Duration;
import java.util.Locale;
import org.cloudtask.core.engine.Progress;

/** The live progress line: {@code 12/200 done, 8 running, 180 pending, 1 failed, 5.2 jobs/s, ETA 0:36}. */
public final class ProgressLine {

    private ProgressLine() {
    }

    public static String format(Progress p) {
        String total = p.inputComplete() ? Long.toString(p.total()) : p.total() + "+";
        return String.format(Locale.ROOT, "%d/%s done, %d running, %d pending, %d failed, %.1f jobs/s, ETA %s",
                p.done(), total, p.running(), p.pending(), p.failed(), p.jobsPerSecond(), eta(p));
    }

    /** Time left for the jobs known so far (while input still comes, a lower bound). */
    static String eta(Progress p) {
        long left = p.total() - p.done();
        if (p.jobsPerSecond() <= 0) return "?";
        return clock(Duration.ofSeconds(Math.round(left / p.jobsPerSecond())));
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
