package org.cloudtask.core.engine;

import java.util.Locale;

/**
 * When a run gives up on a doomed batch ({@code --halt}): once {@code failures} final results of this run failed or
 * timed out, or ({@code percent}) that percentage of them, counted only after {@code minJobs} final results so that
 * one early failure is not 100%. {@code now} kills the
 * running jobs (they stay pending); otherwise they finish. Either way no new job starts and the rest stays pending.
 */
public record HaltPolicy(boolean now, double failures, boolean percent, int minJobs) {

    public static final int DEFAULT_MIN_JOBS = 20;

    /**
     * Parses {@code fail=N}, {@code fail=P%}, optionally preceded by {@code soon,} or {@code now,}
     * ({@code now,fail=10%}).
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static HaltPolicy parse(String text, int minJobs) {
        boolean now = false;
        String rule = text.trim();
        int comma = rule.indexOf(',');
        if (comma >= 0) {
            String when = rule.substring(0, comma).trim().toLowerCase(Locale.ROOT);
            if (!when.equals("now") && !when.equals("soon")) {
                throw new IllegalArgumentException("'" + when + "' is neither soon nor now");
            }
            now = when.equals("now");
            rule = rule.substring(comma + 1).trim();
        }
        if (!rule.startsWith("fail=")) throw new IllegalArgumentException("expected fail=N or fail=P%");
        String amount = rule.substring("fail=".length());
        boolean percent = amount.endsWith("%");
        if (percent) amount = amount.substring(0, amount.length() - 1);
        double value;
        try {
            value = Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + amount + "' is not a number");
        }
        if (value <= 0 || (percent && value > 100) || (!percent && value != Math.rint(value))) {
            throw new IllegalArgumentException(percent ? "the percentage must be above 0 and at most 100"
                    : "the count must be a whole number of 1 or more");
        }
        return new HaltPolicy(now, value, percent, minJobs);
    }

    /** Whether {@code failed} failures among {@code done} final results call for a halt. */
    public boolean reached(long done, long failed) {
        if (failed == 0) return false;
        return percent ? done >= minJobs && failed * 100.0 >= failures * done : failed >= failures;
    }

    /** As the option is written, e.g. {@code now,fail=10%}; what the settings file saves. */
    @Override
    public String toString() {
        String amount = failures == Math.rint(failures) ? Long.toString((long) failures) : Double.toString(failures);
        return (now ? "now" : "soon") + ",fail=" + amount + (percent ? "%" : "");
    }
}
