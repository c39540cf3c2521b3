package org.cloudtask.core.engine;

import org.cloudtask.core.worker.ExitStatus;

/**
 * How one attempt ended, as the journal writes it: {@code EXIT=<n>}, {@code TIMEOUT}, {@code ABORTED} (stopped by
 * an abort; the job stays pending) or {@code LOST} (its worker failed or the controller died; outcome unknown).
 */
record Result(String text, ExitStatus status) {

    static final Result TIMEOUT = new Result("TIMEOUT", null);
    static final Result ABORTED = new Result("ABORTED", null);
    static final Result LOST = new Result("LOST", null);
    /** Its worker got a spot interruption notice: run again elsewhere, neither a failure nor a retry. */
    static final Result PREEMPTED = new Result("PREEMPTED", null);

    static Result of(ExitStatus status) {
        // why: the jobs file's state field is 8 wide; a shell's $? is also the exit code modulo 256
        return new Result("EXIT=" + Math.floorMod(status.code(), 256), status);
    }

    boolean succeeded() {
        return status != null && status.succeeded();
    }

    /** A result that counts against the job and its worker: a non-zero exit or a timeout. */
    boolean failure() {
        return this == TIMEOUT || (status != null && !status.succeeded());
    }

    /** What a status line says: {@code exit 0}, {@code exit 143 (TERM)}, {@code timeout}, {@code aborted}. */
    String describe() {
        if (status != null) {
            return "exit " + Math.floorMod(status.code(), 256) + (status.signal() == null ? "" : " (" + status.signal() + ")");
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }
}
