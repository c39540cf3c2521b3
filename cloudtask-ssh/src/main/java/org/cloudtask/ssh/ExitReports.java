package org.cloudtask.ssh;

import java.io.IOException;

import org.cloudtask.core.worker.ExitStatus;

/** Reads the runner's exit reports (the payload of its X frames). */
final class ExitReports {

    /** Linux signal names by number (the runner reports numbers; names would cost it a large Perl module). */
    private static final String[] SIGNALS = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private ExitReports() {
    }

    /** Reads {@code "exit CODE"} or {@code "signal NUMBER"}. */
    static ExitStatus parse(String payload) throws IOException {
        String[] fields = payload.split(" ");
        try {
            if (fields.length == 2 && fields[0].equals("exit")) {
                return ExitStatus.exited(Integer.parseInt(fields[1]));
            }
            if (fields.length == 2 && fields[0].equals("signal")) {
                int number = Integer.parseInt(fields[1]);
                String name = number > 0 && number < SIGNALS.length ? SIGNALS[number] : "SIG" + number;
                return ExitStatus.killedBy(name, number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("runner protocol error: bad exit report \"" + payload + "\"");
    }
}
