package org.cloudtask.cli.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.cloudtask.cli.ExitCodes;
import org.cloudtask.cli.console.Console;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into an abort of the running task instead of the JVM's immediate exit: the engine stops
 * the jobs and saves the session, then the command exits 130 or 143. A second signal aborts again, which skips the
 * kill grace period. The JVM's own handlers come back on {@link #close()}. A signal that cloudtask was started with
 * ignored ({@code nohup}, a script's {@code &} ignores SIGINT) stays ignored: the JVM keeps such dispositions.
 */
public final class SignalAborter implements AutoCloseable {

    private final Runnable abort;
    private final BooleanSupplier started;
    private final Console console;
    private final AtomicInteger firstSignalStatus = new AtomicInteger();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalAborter(Runnable abort, BooleanSupplier started, Console console) {
        this.abort = abort;
        this.started = started;
        this.console = console;
    }

    /**
     * @param abort   aborts the task
     * @param started whether the task has started (a worker joined): before that a signal ends the process at once
     */
    public static SignalAborter install(Runnable abort, BooleanSupplier started, Console console) {
        SignalAborter aborter = new SignalAborter(abort, started, console);
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            aborter.previous.put(signal, Signal.handle(signal, aborter::handle));
        }
        return aborter;
    }

    /** What a signal does once installed; package-private so tests need not raise signals the JVM may ignore. */
    void handle(Signal signal) {
        boolean first = firstSignalStatus.compareAndSet(0, ExitCodes.forSignal(signal.getNumber()));
        if (!started.getAsBoolean()) {
            // why: until then the engine may be blocked reading the first input line from a producer that never
            // ends, which no abort can interrupt; nothing has run, and a session just created resumes like any other
            console.message("cloudtask: SIG" + signal.getName() + " before any job started: stopping");
            System.exit(firstSignalStatus.get());
        }
        console.message(first
                ? "cloudtask: SIG" + signal.getName() + ": aborting, saving the session (signal again to kill jobs at once)"
                : "cloudtask: SIG" + signal.getName() + " again: killing jobs at once");
        // why: the signal dispatcher thread must return promptly; abort() may wait on locks held by the engine
        Thread aborting = new Thread(abort, "cloudtask-abort");
        aborting.setDaemon(true);
        aborting.start();
    }

    /** 128 + the number of the first signal received, or 0 when none came. */
    public int signalStatus() {
        return firstSignalStatus.get();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
