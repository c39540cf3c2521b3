package org.cloudtask.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a session did, read from its directory without disturbing it: the counts, the worker rows, the worker slots
 * (timeline rows) and every attempt, each job's input and final result. Built by {@link #read(Path)}; rendered by
 * {@link TextReport} and {@link HtmlReport}.
 */
public final class SessionReport {

    /** The controller's state as far as the files tell. */
    public enum State { FINISHED, RUNNING, STOPPED }

    final Path directory;
    String id;
    String command;
    State state = State.STOPPED;
    String controller;
    long firstMillis;
    long lastMillis;
    long elapsedMillis;
    int runs;
    boolean inputComplete;
    String[] inputs = new String[0];
    /** Per job (index job-1): index in {@link #attempts} of its final attempt, else of its last attempt, else -1. */
    int[] lastAttempt = new int[0];
    boolean[] done = new boolean[0];
    List<ReportAttempt> attempts;
    List<ReportWorker> workers;
    List<String> slots;
    List<String> slotWorkers;
    /** Jobs whose input line could not become a job, with the problem; they have no attempts. */
    final java.util.SortedMap<Long, String> buildFailures = new java.util.TreeMap<>();
    long ok;
    long failed;
    long timeouts;
    long pending;
    long running;

    SessionReport(Path directory) {
        this.directory = directory;
    }

    /** Reads a session directory; a torn last journal record is ignored, files still growing are read as they are. */
    public static SessionReport read(Path sessionDir) throws IOException {
        return new SessionDirectoryReader(sessionDir).read();
    }

    public Path directory() { return directory; }
    public String id() { return id; }
    /** The task's command, or null when each input line is the command. */
    public String command() { return command; }
    public State state() { return state; }
    /** {@code pid P on host H} of the controller holding the session, or null. */
    public String controller() { return controller; }
    public long firstMillis() { return firstMillis; }
    /** The time of the last thing the journal recorded; open attempts are shown as running until then. */
    public long lastMillis() { return lastMillis; }
    /** Time the controllers worked on the session, summed over runs (resumes). */
    public long elapsedMillis() { return elapsedMillis; }
    public int runs() { return runs; }
    public boolean inputComplete() { return inputComplete; }
    public long total() { return inputs.length; }
    public long ok() { return ok; }
    public long failed() { return failed; }
    public long timeouts() { return timeouts; }
    /** Jobs with no final result, running ones included. */
    public long pending() { return pending; }
    /** Pending jobs with an attempt started and not ended. */
    public long running() { return running; }
    public List<ReportAttempt> attempts() { return attempts; }
    public List<ReportWorker> workers() { return workers; }
    /** The worker slots, {@code <run>-<slot>}, in the order they first ran something: the timeline's rows. */
    public List<String> slots() { return slots; }
    /** The worker of each slot, same order as {@link #slots()}. */
    public List<String> slotWorkers() { return slotWorkers; }

    public String input(long job) {
        return inputs[(int) job - 1];
    }

    /** Whether the job has its final result. */
    public boolean done(long job) {
        return done[(int) job - 1];
    }

    /** The job's final attempt when done, else its last attempt, else null (never started). */
    public ReportAttempt lastAttempt(long job) {
        int i = lastAttempt[(int) job - 1];
        return i < 0 ? null : attempts.get(i);
    }

    /** The final attempts that failed or timed out, in job order. */
    public List<ReportAttempt> failures() {
        List<ReportAttempt> list = new java.util.ArrayList<>();
        for (long job = 1; job <= total(); job++) {
            ReportAttempt a = lastAttempt(job);
            if (done(job) && a != null && a.kind() != ResultKind.OK) list.add(a);
        }
        return list;
    }

    /** Jobs whose input line could not become a job (failed without running), each with its problem, in job order. */
    public java.util.SortedMap<Long, String> buildFailures() {
        return buildFailures;
    }

    /** Jobs without a final result, in job order. */
    public List<Long> pendingJobs() {
        List<Long> list = new java.util.ArrayList<>();
        for (long job = 1; job <= total(); job++) {
            if (!done(job)) list.add(job);
        }
        return list;
    }

    /** The last {@code lines} lines of an attempt's output (read from its slot's output file). */
    public String outputTail(ReportAttempt attempt, int lines) throws IOException {
        return OutputTail.lastLines(directory.resolve("output").resolve(attempt.slot()), attempt.offset(),
                attempt.length(), lines);
    }
}
