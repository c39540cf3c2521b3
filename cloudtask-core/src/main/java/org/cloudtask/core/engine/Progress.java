package org.cloudtask.core.engine;

/** Counts for a live progress line. {@code jobsPerSecond} is over the last few seconds. */
public record Progress(long total, long done, long running, long pending, long failed, double jobsPerSecond,
                       boolean inputComplete) {
}
