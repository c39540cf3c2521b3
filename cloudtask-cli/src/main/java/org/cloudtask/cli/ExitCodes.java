package org.cloudtask.cli;

import org.cloudtask.core.engine.Summary;

/** Every exit status of {@code cloudtask}, decided here and nowhere else (documented in docs/cli.md). */
public final class ExitCodes {

    /** Every job exited 0 (or there were no jobs, or the session had already finished). */
    public static final int OK = 0;
    /** Some job failed, timed out or remains pending; also an unexpected internal error. */
    public static final int FAILED = 1;
    /** Usage or configuration error: nothing ran and no session was created. */
    public static final int USAGE = 2;
    /** Aborted by SIGINT (Ctrl-C). */
    public static final int INTERRUPTED = 128 + 2;
    /** Aborted by SIGTERM. */
    public static final int TERMINATED = 128 + 15;

    private ExitCodes() {
    }

    /** @param signalStatus 128 + the first signal received, or 0 when none was */
    public static int forSummary(Summary summary, int signalStatus) {
        if (summary.aborted()) {
            return signalStatus != 0 ? signalStatus : INTERRUPTED;
        }
        return summary.exitCode() == 0 ? OK : FAILED;
    }

    public static int forSignal(int signalNumber) {
        return 128 + signalNumber;
    }
}
