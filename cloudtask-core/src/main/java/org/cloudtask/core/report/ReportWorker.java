package org.cloudtask.core.report;

/**
 * One worker's row in the report: what it ran and how its life went. Filled in by {@link WorkerLives} while the
 * journal is read.
 */
public final class ReportWorker {

    /** How the worker came into the pool. */
    public enum Kind { LISTED, LAUNCHED, LOCAL }

    private final String name;
    Kind kind = Kind.LOCAL;
    String instanceId;
    int slots;
    long jobs;
    long busyMillis;
    long lifetimeMillis;
    long joinedAt = -1;
    long createdAt = -1;
    long destroyedAt = -1;
    String destroyFailure;
    String end = "";

    ReportWorker(String name) {
        this.name = name;
    }

    public String name() { return name; }
    public Kind kind() { return kind; }
    /** The cloud instance id of a launched worker, else null. */
    public String instanceId() { return instanceId; }
    public int slots() { return slots; }
    /** Attempts it ran (a retried job counts once per attempt). */
    public long jobs() { return jobs; }
    /** Time its slots spent running attempts, summed over slots. */
    public long busyMillis() { return busyMillis; }
    /** Launched: created to destroyed (or to the last activity seen); others: in the pool, summed over runs. */
    public long lifetimeMillis() { return lifetimeMillis; }
    public boolean destroyed() { return destroyedAt >= 0; }
    /** The last reason destroying it failed, or null. */
    public String destroyFailure() { return destroyFailure; }
    /** How its time in the pool ended: {@code left}, {@code failed: reason}, {@code retired: ...}, ... */
    public String end() { return end; }

    /** A launched worker with no record of being destroyed: it may still be running (and billed). */
    public boolean undestroyed() {
        return kind == Kind.LAUNCHED && !destroyed();
    }
}
