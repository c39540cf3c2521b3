package org.cloudtask.core.engine;

/** Counts this run's final results against the {@code --halt} policy and says when the run should give up. */
final class HaltWatch {

    private final HaltPolicy policy;
    private long done;
    private long failed;
    private boolean halted;

    HaltWatch(HaltPolicy policy) {
        this.policy = policy;
    }

    /** Counts one final result; returns the reason to halt the first time the policy is reached, else null. */
    synchronized String count(boolean failure) {
        if (policy == null || halted) return null;
        done++;
        if (failure) failed++;
        if (!policy.reached(done, failed)) return null;
        halted = true;
        return "halted by --halt " + policy + ": " + failed + " of the " + done + " jobs finished in this run failed"
                + " or timed out";
    }
}
