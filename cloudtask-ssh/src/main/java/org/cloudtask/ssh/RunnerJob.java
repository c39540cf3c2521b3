package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerLostException;

/** One job handed to a worker's runner: its output, its process group, and how it ended. */
final class RunnerJob implements RunningCommand {

    /** Sends a signal to a process group on the worker, over a channel of its own. */
    @FunctionalInterface
    interface GroupSignaller {
        void signal(long processGroup, String signal) throws IOException, InterruptedException;
    }

    /** How long to wait for the runner to report a just-started job's process group before giving up on a kill. */
    private static final Duration START_REPORT_WAIT = Duration.ofSeconds(10);

    private final String description;
    private final OutputSink sink;
    private final GroupSignaller signaller;
    private final CompletableFuture<Long> processGroup = new CompletableFuture<>();
    private final CompletableFuture<ExitStatus> end = new CompletableFuture<>();
    private volatile IOException sinkFailure;

    RunnerJob(String description, OutputSink sink, GroupSignaller signaller) {
        this.description = description;
        this.sink = sink;
        this.signaller = signaller;
    }

    // ---- events from the runner, on JSch's session thread ----

    void started(long pid) {
        processGroup.complete(pid);
    }

    void output(byte[] bytes, int offset, int length) {
        if (sinkFailure != null) {
            return;
        }
        try {
            sink.write(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            sinkFailure = new IOException("cannot store the output of " + description + ": " + e.getMessage(), e);
        }
    }

    void ended(ExitStatus status) {
        if (sinkFailure != null) {
            end.completeExceptionally(new UncheckedIOException(sinkFailure));
        } else {
            end.complete(status);
        }
    }

    void lost(String why) {
        WorkerLostException lost = new WorkerLostException(why);
        processGroup.completeExceptionally(lost);
        end.completeExceptionally(lost);
    }

    // ---- RunningCommand ----

    @Override
    public Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException {
        try {
            return Optional.of(end.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerLostException lost) {
                throw new WorkerLostException(lost.getMessage(), lost);
            }
            throw (RuntimeException) e.getCause();
        }
    }

    @Override
    public void kill(Duration grace) throws IOException, InterruptedException {
        if (end.isDone()) {
            return;
        }
        long group;
        try {
            group = processGroup.get(START_REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException connectionLost) {
            return; // the runner kills the jobs of a connection that goes away
        } catch (TimeoutException e) {
            throw new IOException("cannot kill " + description + ": the worker never reported its process group");
        }
        if (end.isDone()) {
            return;
        }
        signaller.signal(group, "TERM");
        try {
            end.get(grace.toNanos(), TimeUnit.NANOSECONDS);
            return;
        } catch (TimeoutException graceOver) {
            // fall through to KILL
        } catch (ExecutionException connectionLost) {
            return;
        }
        if (!end.isDone()) {
            signaller.signal(group, "KILL");
        }
    }

    /** Linux signal names by number (the runner reports numbers; names would cost it a large Perl module). */
    private static final String[] SIGNALS = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    /** Reads the payload of an exit frame: {@code "exit CODE"} or {@code "signal NUMBER"}. */
    static ExitStatus parseExit(String payload) throws IOException {
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
