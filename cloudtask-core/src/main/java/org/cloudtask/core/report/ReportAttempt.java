package org.cloudtask.core.report;

/**
 * One attempt of a job as the journal tells it. {@code endMillis} is -1 and {@code result} is {@code RUNNING} for an
 * attempt with a START and no END yet (running now, or interrupted by a controller that died).
 *
 * @param slot        the worker slot that ran it: its output file's name, {@code <run>-<slot>}
 * @param result      {@code EXIT=<n>}, {@code TIMEOUT}, {@code ABORTED}, {@code LOST} or {@code RUNNING}
 * @param disposition {@code final}, {@code retry}, {@code again}, or {@code -} while open
 */
public record ReportAttempt(long job, int attempt, String worker, String slot, long startMillis, long endMillis,
                            String result, String disposition, long offset, long length) {

    public static final String RUNNING = "RUNNING";

    public boolean open() {
        return endMillis < 0;
    }

    public boolean isFinal() {
        return "final".equals(disposition);
    }

    /** Its duration; an open attempt's runs until {@code now}. */
    public long durationMillis(long now) {
        return Math.max(0, (open() ? now : endMillis) - startMillis);
    }

    /** The kind of result, for colours and filters. */
    public ResultKind kind() {
        return ResultKind.of(result);
    }
}
