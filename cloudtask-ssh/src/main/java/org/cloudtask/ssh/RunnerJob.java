package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * One job handed to a worker's runner: its start, output, process group and end. A job sent with a J frame starts at
 * once; one sent with a Q frame waits on the worker behind another job and can be withdrawn until it starts. Both
 * answer {@link #awaitStart} (why one class: a job queued behind a job that already ended starts at once, like a J).
 */
final class RunnerJob implements QueuedCommand {

    /** How long to wait for the runner to report a just-started job's process group before giving up on a kill. */
    private static final Duration START_REPORT_WAIT = Duration.ofSeconds(10);

    /** The S frame's news; null once the job was withdrawn, so it never will start. */
    private record Start(long processGroup, long reportedAt) {
    }

    private final int id;
    private final RemoteRunner runner;
    private final boolean queued;
    private final String description;
    private final OutputSink sink;
    private final CompletableFuture<Start> start = new CompletableFuture<>();
    private final CompletableFuture<ExitStatus> end = new CompletableFuture<>();
    private CompletableFuture<Boolean> withdrawal; // guarded by this: one C frame however many callers
    private volatile IOException sinkFailure;

    RunnerJob(int id, RemoteRunner runner, boolean queued, String description, OutputSink sink) {
        this.id = id;
        this.runner = runner;
        this.queued = queued;
        this.description = description;
        this.sink = sink;
    }

    int id() {
        return id;
    }

    boolean ranBy(RemoteRunner someRunner) {
        return runner == someRunner;
    }

    // ---- events from the runner, on JSch's session thread ----

    void started(long pid) {
        start.complete(new Start(pid, System.currentTimeMillis()));
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

    /** The runner dropped the job before it started (a W frame said "withdrawn"). */
    void dropped() {
        start.complete(null);
        end.completeExceptionally(new IllegalStateException(description + " was withdrawn before it started: "
                + "it never ran and has no exit status"));
    }

    void lost(String why) {
        WorkerLostException lost = new WorkerLostException(why);
        start.completeExceptionally(lost);
        end.completeExceptionally(lost);
    }

    // ---- QueuedCommand ----

    @Override
    public OptionalLong awaitStart(Duration timeout) throws InterruptedException, WorkerLostException {
        try {
            Start started = start.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return started == null ? OptionalLong.empty() : OptionalLong.of(started.reportedAt());
        } catch (TimeoutException stillWaiting) {
            return OptionalLong.empty();
        } catch (ExecutionException e) {
            throw workerLost(e);
        }
    }

    @Override
    public boolean withdraw(Duration timeout) throws IOException, InterruptedException {
        if (start.isDone() && !start.isCompletedExceptionally()) {
            return withdrawn(); // the runner already told us: started, or dropped
        }
        CompletableFuture<Boolean> answer = withdrawal();
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the worker did not answer the withdrawal of " + description + " within "
                    + timeout);
        } catch (ExecutionException e) {
            // why: the start was reported before the connection broke, so the runner's answer was "started"
            if (startReported()) return false;
            throw workerLost(e);
        }
    }

    /**
     * Like {@link #withdraw}, holding no thread while the worker answers: the answer arrives on JSch's session thread,
     * and the timeout is the JDK's shared delay thread's.
     */
    @Override
    public CompletableFuture<Boolean> withdrawAsync(Duration timeout, Executor blocking) {
        if (start.isDone() && !start.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(withdrawn());
        }
        CompletableFuture<Boolean> answer;
        try {
            answer = withdrawal();
        } catch (WorkerLostException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        answer.whenComplete((withdrawn, failure) -> {
            if (failure == null) {
                result.complete(withdrawn);
            } else if (startReported()) {
                result.complete(false); // why: as in withdraw, the runner's answer was "started"
            } else {
                result.completeExceptionally(new WorkerLostException(failure.getMessage(), failure));
            }
        });
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() ->
                result.completeExceptionally(new IOException("the worker did not answer the withdrawal of "
                        + description + " within " + timeout)));
        return result;
    }

    /** The one withdrawal request of this job, sent on first use. */
    private synchronized CompletableFuture<Boolean> withdrawal() throws WorkerLostException {
        if (withdrawal == null) {
            withdrawal = runner.requestWithdrawal(id);
        }
        return withdrawal;
    }

    private boolean startReported() {
        return start.isDone() && !start.isCompletedExceptionally() && start.join() != null;
    }

    @Override
    public boolean whenSettled(Runnable listener) {
        start.whenComplete((started, failure) -> listener.run());
        return true;
    }

    @Override
    public boolean whenEnded(Runnable listener) {
        end.whenComplete((status, failure) -> listener.run());
        return true;
    }

    @Override
    public boolean withdrawn() {
        return start.isDone() && !start.isCompletedExceptionally() && start.join() == null;
    }

    // ---- RunningCommand ----

    @Override
    public Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException {
        try {
            return Optional.of(end.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerLostException) {
                throw workerLost(e);
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * TERM to the job's process tree through the runner (a K frame: no channel to open, so it goes at once), then,
     * once {@code grace} has passed without the job's end, KILL, after which the runner ends the job at once whatever
     * still holds its output. A queued job that has not started yet is withdrawn instead: it never runs, which is
     * what a kill wants.
     */
    @Override
    public void kill(Duration grace) throws IOException, InterruptedException {
        if (end.isDone() || queued && !start.isDone() && withdrawnBeforeItStarted()) {
            return;
        }
        Start started;
        try {
            started = start.get(START_REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException connectionLost) {
            return; // the runner kills the jobs of a connection that goes away
        } catch (TimeoutException e) {
            throw new IOException("cannot kill " + description + ": the worker never reported its process group");
        }
        if (started == null || end.isDone()) {
            return;
        }
        if (!grace.isZero()) {
            runner.kill(id, "TERM");
            try {
                end.get(grace.toNanos(), TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException graceOver) {
                // fall through to KILL
            } catch (ExecutionException connectionLost) {
                return;
            }
        }
        if (!end.isDone()) {
            runner.kill(id, "KILL");
        }
    }

    private boolean withdrawnBeforeItStarted() throws IOException, InterruptedException {
        try {
            return withdraw(START_REPORT_WAIT);
        } catch (WorkerLostException connectionLost) {
            return true; // the runner starts no queued job once its connection is gone
        }
    }

    private static WorkerLostException workerLost(ExecutionException e) {
        Throwable cause = e.getCause();
        return new WorkerLostException(cause.getMessage(), cause);
    }
}
