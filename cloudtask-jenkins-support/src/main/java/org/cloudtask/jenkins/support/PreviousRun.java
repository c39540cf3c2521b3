package org.cloudtask.jenkins.support;

/**
 * What an earlier build recorded about the task it ran.
 *
 * @param buildNumber the build's number
 * @param fingerprint the task's {@link TaskFingerprint}
 * @param sessionId   the session it ran, or 0 when the build ended before it could record one (a controller crash)
 * @param finished    whether the build recorded its counts (false after a crash: the counts are unknown)
 * @param pending     jobs left without a result
 * @param failed      jobs that failed or timed out
 */
public record PreviousRun(int buildNumber, String fingerprint, long sessionId, boolean finished, long pending,
                          long failed) {
}
