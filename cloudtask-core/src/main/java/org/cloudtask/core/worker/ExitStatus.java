package org.cloudtask.core.worker;

/**
 * How a command ended: its exit code, or the signal that killed it.
 *
 * @param code   the exit code; for a command killed by a signal, 128 + the signal number, as a shell reports it
 * @param signal the name of the signal that killed the command ({@code "KILL"}, {@code "TERM"}), or null
 */
public record ExitStatus(int code, String signal) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus killedBy(String signal, int signalNumber) {
        return new ExitStatus(128 + signalNumber, signal);
    }

    public boolean succeeded() {
        return code == 0 && signal == null;
    }
}
