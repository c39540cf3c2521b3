package org.cloudtask.core.job;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The state of every job of a session with its attempts so far and retries used: six bytes per job, so a million jobs
 * cost six megabytes. Every move is checked against {@link JobState}'s table. Thread-safe.
 */
public final class JobStates {

    private byte[] states = new byte[1024];
    private int[] attempts = new int[1024];
    private byte[] retries = new byte[1024];
    private long size;
    private final long[] counts = new long[JobState.values().length];

    /** Adds the next job (id = previous size + 1) as pending and returns its id. */
    public synchronized long add() {
        return add(JobState.PENDING);
    }

    /** Adds the next job in a given state, as a session replay does. */
    public synchronized long add(JobState state) {
        if (size == states.length) {
            int grown = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, size * 2));
            states = Arrays.copyOf(states, grown);
            attempts = Arrays.copyOf(attempts, grown);
            retries = Arrays.copyOf(retries, grown);
        }
        states[(int) size++] = (byte) state.ordinal();
        counts[state.ordinal()]++;
        return size;
    }

    public synchronized long size() {
        return size;
    }

    public synchronized JobState get(long id) {
        return JobState.ofOrdinal(states[index(id)]);
    }

    /** Moves job {@code id} to {@code to}; throws {@link IllegalJobTransitionException} if the table forbids it. */
    public synchronized void move(long id, JobState to) {
        int i = index(id);
        JobState from = JobState.ofOrdinal(states[i]);
        if (!from.allows(to)) throw new IllegalJobTransitionException(id, from, to);
        states[i] = (byte) to.ordinal();
        counts[from.ordinal()]--;
        counts[to.ordinal()]++;
    }

    /**
     * A pending job whose input line could not become a job: FAILED without any attempt. Kept apart from
     * {@link #move}, whose table never lets a pending job fail without running.
     */
    public synchronized void failToBuild(long id) {
        int i = index(id);
        JobState from = JobState.ofOrdinal(states[i]);
        if (from != JobState.PENDING) throw new IllegalJobTransitionException(id, from, JobState.FAILED);
        states[i] = (byte) JobState.FAILED.ordinal();
        counts[from.ordinal()]--;
        counts[JobState.FAILED.ordinal()]++;
    }

    /** Moves a job to RUNNING for its attempt number {@code attempt}. */
    public synchronized void start(long id, int attempt) {
        move(id, JobState.RUNNING);
        attempts[index(id)] = Math.max(attempts[index(id)], attempt);
    }

    /** The highest attempt number started so far, 0 for none. */
    public synchronized int attempts(long id) {
        return attempts[index(id)];
    }

    /** Counts a retry used by job {@code id}. */
    public synchronized void retryUsed(long id) {
        int i = index(id);
        if (retries[i] < Byte.MAX_VALUE) retries[i]++;
    }

    /** Retries used so far (at most 127 are counted: more retries than that are not a sensible setting). */
    public synchronized int retriesUsed(long id) {
        return retries[index(id)];
    }

    /** Restores a job's counters, as a snapshot load does. */
    public synchronized void restore(long id, int attemptCount, int retriesCount) {
        attempts[index(id)] = attemptCount;
        retries[index(id)] = (byte) Math.min(Byte.MAX_VALUE, retriesCount);
    }

    public synchronized long count(JobState state) {
        return counts[state.ordinal()];
    }

    public synchronized Map<JobState, Long> counts() {
        Map<JobState, Long> m = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) m.put(s, counts[s.ordinal()]);
        return m;
    }

    /** Ids of the jobs in {@code state}, ascending, from {@code fromId} on; at most {@code limit}. */
    public synchronized long[] idsIn(JobState state, long fromId, int limit) {
        long[] out = new long[Math.max(0, limit)];
        int n = 0;
        for (long id = Math.max(1, fromId); id <= size && n < limit; id++) {
            if (states[(int) (id - 1)] == state.ordinal()) out[n++] = id;
        }
        return Arrays.copyOf(out, n);
    }

    private int index(long id) {
        if (id < 1 || id > size) throw new IllegalArgumentException("no job " + id + " (jobs 1.." + size + ")");
        return (int) (id - 1);
    }
}
