package org.cloudtask.core.report;

/** What an attempt's or a job's result comes to; the order is the code the HTML page uses. */
public enum ResultKind {
    OK, FAILED, TIMEOUT, LOST, ABORTED, RUNNING, PENDING;

    public static ResultKind of(String result) {
        if (result == null) return PENDING;
        return switch (result) {
            case "EXIT=0" -> OK;
            case "TIMEOUT" -> TIMEOUT;
            case "LOST" -> LOST;
            case "ABORTED" -> ABORTED;
            case ReportAttempt.RUNNING -> RUNNING;
            default -> FAILED;
        };
    }
}
