package org.cloudtask.core.report;

/** Durations as the report shows them: {@code h:mm:ss.s}, one fixed shape so columns line up. */
public final class Durations {

    private Durations() {
    }

    public static String format(long millis) {
        long tenths = Math.max(0, millis) / 100;
        return String.format("%d:%02d:%02d.%d", tenths / 36000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10);
    }
}
