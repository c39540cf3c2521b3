package org.cloudtask.core.engine;

import java.time.Instant;

/**
 * One attempt of one job, as front ends see it.
 *
 * @param jobId    the job's stable id (input order, from 1)
 * @param attempt  1 for the first attempt
 * @param input    the input line, as given
 * @param command  the command that ran
 * @param worker   the worker's display name
 * @param started  when the attempt started
 * @param finished when it ended, or null for a start event
 * @param result   for a finish event: {@code EXIT=<n>}, {@code TIMEOUT}, {@code ABORTED}, {@code LOST}; else null
 * @param willRetry for a finish event: the job goes back to the queue
 */
public record AttemptEvent(long jobId, int attempt, String input, String command, String worker, Instant started,
                           Instant finished, String result, boolean willRetry) {
}
