package org.cloudtask.core.local;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Signals whole process groups on this host with the system's {@code kill}, which Java cannot do by itself. */
public final class ProcessGroups {

    private static final long KILL_COMMAND_TIMEOUT_SECONDS = 10;

    private ProcessGroups() {
    }

    /** Sends {@code signal} (e.g. {@code TERM}) to every process of group {@code pgid}; false if none was left. */
    public static boolean signal(long pgid, String signal) throws IOException, InterruptedException {
        if (pgid <= 1) throw new IllegalArgumentException("not a process group: " + pgid);
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!kill.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill -" + signal + " of process group " + pgid + " did not return within "
                    + KILL_COMMAND_TIMEOUT_SECONDS + " s");
        }
        return kill.exitValue() == 0;
    }

    /** True while some process of the group is alive. */
    public static boolean alive(long pgid) throws IOException, InterruptedException {
        return signal(pgid, "0");
    }

    /** TERM to the group, then KILL once {@code grace} has passed with some process still alive. */
    public static void terminate(long pgid, long graceMillis) throws IOException, InterruptedException {
        if (!signal(pgid, "TERM")) return;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (System.nanoTime() < deadline) {
            if (!alive(pgid)) return;
            Thread.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
        signal(pgid, "KILL");
    }
}
