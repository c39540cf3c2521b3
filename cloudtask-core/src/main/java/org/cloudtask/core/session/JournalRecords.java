package org.cloudtask.core.session;

/**
 * The journal's record types, one constructor per record, fields separated by single spaces; see
 * docs/session-format.md for their meaning. Times are milliseconds since the epoch.
 */
public final class JournalRecords {

    public static final String RUN = "RUN";
    public static final String JOBS = "JOBS";
    public static final String START = "START";
    public static final String END = "END";
    public static final String REQUEUE = "REQUEUE";
    public static final String WORKER = "WORKER";
    public static final String LAUNCH = "LAUNCH";
    public static final String SYNCED = "SYNCED";
    public static final String INVALID = "INVALID";

    /** END dispositions: the result is the job's final one, the job goes back for a retry, or back without one. */
    public static final String FINAL = "final";
    public static final String RETRY = "retry";
    public static final String AGAIN = "again";

    private JournalRecords() {
    }

    public static String run(int run, long millis, long pid, String host) {
        return RUN + " " + run + " " + millis + " " + pid + " " + host;
    }

    /** The input was read to its end; the session has {@code count} jobs. */
    public static String jobs(long count) {
        return JOBS + " " + count;
    }

    public static String start(long job, int attempt, long millis, String worker, String output, long offset,
                               long pgid) {
        return START + " " + job + " " + attempt + " " + millis + " " + worker + " " + output + " " + offset + " "
                + (pgid > 0 ? Long.toString(pgid) : "-");
    }

    public static String end(long job, int attempt, long millis, String result, String disposition, String signal,
                             String output, long offset, long length) {
        return END + " " + job + " " + attempt + " " + millis + " " + result + " " + disposition + " "
                + (signal == null ? "-" : signal) + " " + output + " " + offset + " " + length;
    }

    /** Every result before this record is also in the {@code jobs} file. */
    public static String synced() {
        return SYNCED;
    }

    /**
     * A launched worker's life: {@code created} (detail: instance type or -; written and made durable before the
     * worker is used), {@code ready} (detail: address), {@code failed} (detail: reason), {@code destroyed},
     * {@code destroy-failed} (detail: reason).
     */
    public static String launch(long millis, String event, String instanceId, String detail) {
        String text = LAUNCH + " " + millis + " " + event + " " + instanceId;
        return detail == null ? text : text + " " + detail.replace('\n', ' ');
    }

    /** The input line of job {@code job} could not become a job: it failed to build, for {@code problem}. */
    public static String invalid(long job, long millis, String problem) {
        return INVALID + " " + job + " " + millis + " " + problem.replace('\n', ' ');
    }

    public static String requeue(long job) {
        return REQUEUE + " " + job;
    }

    public static String worker(long millis, String worker, String event, String detail) {
        String text = WORKER + " " + millis + " " + worker + " " + event;
        return detail == null ? text : text + " " + detail.replace('\n', ' ');
    }
}
