package org.cloudtask.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.WorkerLostException;
import org.cloudtask.core.worker.WorkerRefusedException;

/**
 * The cloudtask runner on one worker: a small Perl program (runner.pl) started once per connection on one exec
 * channel, which runs every job of that connection and streams framed output and exit statuses back.
 *
 * <p>Why a runner rather than an exec channel per job: opening a channel per job costs a round trip and a session
 * process on the worker each time (about 330 jobs/s at best); the runner starts a job with one frame. Why one runner
 * for all slots: a single channel never meets sshd's MaxSessions limit (default 10), whatever the slot count. Why
 * Perl: it is on essentially every Linux (Debian's perl-base is Essential) and, unlike sh, can multiplex pipes and
 * create process groups without extra tools.
 */
final class RemoteRunner implements FrameDecoder.Listener {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int STDERR_KEPT = 4096;

    private final String workerName;
    private final ChannelExec channel;
    private final OutputStream toRunner;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Map<Integer, RunnerJob> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> heartbeats = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Boolean>> withdrawals = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile boolean alive = true;
    private volatile String undumpableFailure;

    private RemoteRunner(Session session, String workerName) throws JSchException, IOException {
        this.workerName = workerName;
        this.channel = Channels.open(session, "exec");
        channel.setCommand(RunnerScript.bootstrapCommand());
        channel.setOutputStream(new FrameDecoder(this));
        channel.setExtOutputStream(new BoundedStderr(), true);
        this.toRunner = channel.getOutputStream();
    }

    /** Starts the runner and waits until it says it is ready. */
    static RemoteRunner start(Session session, String workerName, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RemoteRunner runner;
        try {
            runner = new RemoteRunner(session, workerName);
            runner.channel.connect((int) Math.max(1, timeout.toMillis()));
            runner.send(RunnerScript.source());
        } catch (JSchException e) {
            throw new IOException("cannot start the cloudtask runner on " + workerName + ": " + e.getMessage(), e);
        }
        runner.awaitReady(deadline, timeout);
        return runner;
    }

    private void awaitReady(long deadline, Duration timeout) throws IOException, InterruptedException {
        try {
            ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("the cloudtask runner on " + workerName + " did not start within "
                    + timeout.toMillis() / 1000.0 + " s (--connect-timeout)");
        } catch (ExecutionException e) {
            close();
            throw startFailure();
        }
    }

    private IOException startFailure() throws InterruptedException {
        for (int i = 0; i < 100 && !channel.isClosed(); i++) {
            Thread.sleep(10); // why: the exit status arrives just after the end of output
        }
        String errors = stderrText();
        if (channel.getExitStatus() == 127 || errors.contains("perl: not found")
                || errors.contains("perl: command not found")) {
            return new WorkerRefusedException("worker " + workerName + " has no perl, which cloudtask needs to run "
                    + "jobs: install perl on the worker (Debian/Ubuntu: perl-base; RHEL/Amazon Linux: perl)");
        }
        return new IOException("the cloudtask runner on " + workerName + " failed to start (exit "
                + channel.getExitStatus() + "): " + errors);
    }

    /** Hands a job to the runner; its output and end arrive on JSch's session thread. */
    RunnerJob submit(CommandRequest request, OutputSink sink) throws IOException {
        int id = nextId.getAndIncrement();
        return hand(RunnerFrames.START_JOB, id, jobPayload(request), request, sink);
    }

    /** Hands a job to the runner to start the moment {@code previous} (one of this runner's jobs) has ended. */
    RunnerJob submitAfter(RunnerJob previous, CommandRequest request, OutputSink sink) throws IOException {
        if (!previous.ranBy(this)) {
            throw new IllegalArgumentException("a job can only wait behind a job of the same connection");
        }
        int id = nextId.getAndIncrement();
        return hand(RunnerFrames.QUEUE_JOB, id, RunnerFrames.queuedJob(previous.id(), jobPayload(request)), request,
                sink);
    }

    boolean owns(Object command) {
        return command instanceof RunnerJob job && job.ranBy(this);
    }

    private RunnerJob hand(char frameType, int id, byte[] payload, CommandRequest request, OutputSink sink)
            throws IOException {
        RunnerJob job = new RunnerJob(id, this, frameType == RunnerFrames.QUEUE_JOB,
                request.label() + " on " + workerName, sink);
        jobs.put(id, job);
        if (!alive) {
            jobs.remove(id);
            throw new IOException("the connection to " + workerName + " is closed" + stderrSuffix());
        }
        try {
            send(RunnerFrames.encode(frameType, id, payload));
        } catch (IOException e) {
            jobs.remove(id);
            throw new IOException("cannot send " + request.label() + " to " + workerName + ": " + e.getMessage(), e);
        }
        return job;
    }

    /** A round trip through the runner: proves the process that runs jobs still answers. */
    void heartbeat(Duration timeout) throws IOException, InterruptedException {
        int id = nextId.getAndIncrement();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        heartbeats.put(id, answer);
        try {
            if (!alive) {
                throw new IOException("the cloudtask runner on " + workerName + " has ended" + stderrSuffix());
            }
            send(RunnerFrames.encode(RunnerFrames.HEARTBEAT, id, new byte[0]));
            answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the cloudtask runner on " + workerName + " did not answer within " + timeout);
        } catch (ExecutionException e) {
            throw new IOException("the cloudtask runner on " + workerName + " has ended" + stderrSuffix());
        } finally {
            heartbeats.remove(id);
        }
    }

    /**
     * Signals a started job's process tree (a K frame, {@code TERM} or {@code KILL}); after KILL the runner ends the
     * job at once. Nothing to do once the connection is gone: the runner then kills its jobs itself.
     */
    void kill(int id, String signal) throws IOException {
        if (!alive) {
            return;
        }
        try {
            send(RunnerFrames.encode(RunnerFrames.KILL, id, signal.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            if (alive) {
                throw new IOException("cannot send the kill of a job to " + workerName + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Sends a heartbeat and returns at once: the answer completes the future on JSch's session thread, so a worker
     * that does not answer holds no thread; it fails when the runner ends or after {@code timeout}.
     */
    CompletableFuture<Void> heartbeatAsync(Duration timeout) {
        int id = nextId.getAndIncrement();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        heartbeats.put(id, answer);
        answer.whenComplete((ok, failure) -> heartbeats.remove(id));
        try {
            if (!alive) {
                throw new IOException("the cloudtask runner on " + workerName + " has ended" + stderrSuffix());
            }
            send(RunnerFrames.encode(RunnerFrames.HEARTBEAT, id, new byte[0]));
        } catch (IOException e) {
            answer.completeExceptionally(e);
        }
        return answer.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Asks the runner to drop a queued job (a C frame). The answer completes with true when the job was dropped
     * before it started, false when it had started; exceptionally with a {@link WorkerLostException} when the
     * connection goes first.
     */
    CompletableFuture<Boolean> requestWithdrawal(int id) throws WorkerLostException {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        withdrawals.put(id, answer);
        try {
            if (!alive) {
                throw new IOException("the connection is closed");
            }
            send(RunnerFrames.encode(RunnerFrames.WITHDRAW, id, new byte[0]));
        } catch (IOException e) {
            withdrawals.remove(id);
            throw new WorkerLostException("cannot withdraw a job from " + workerName + ": " + e.getMessage()
                    + stderrSuffix(), e);
        }
        return answer;
    }

    /** Why the runner could not make itself non-dumpable (its ready frame says so), or empty when it did. */
    java.util.Optional<String> undumpableFailure() {
        return java.util.Optional.ofNullable(undumpableFailure);
    }

    boolean isAlive() {
        return alive;
    }

    /** Closes the runner's channel; the runner then kills its unfinished jobs and exits. */
    void close() {
        channel.disconnect();
        closed();
    }

    private synchronized void send(byte[] frame) throws IOException {
        toRunner.write(frame);
        toRunner.flush();
    }

    private static byte[] jobPayload(CommandRequest request) {
        if (request.command().indexOf('\0') >= 0
                || request.environment().values().stream().anyMatch(value -> value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("a command or environment value contains a NUL character");
        }
        StringBuilder payload = new StringBuilder(request.command());
        request.environment().forEach((name, value) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad environment variable name \"" + name + "\"");
            }
            payload.append('\0').append(name).append('=').append(value);
        });
        // why: input words that are not UTF-8 (LosslessText escapes) reach the worker's shell as the bytes they were
        return org.cloudtask.core.text.LosslessText.encode(payload.toString());
    }

    // ---- frames from the runner, on JSch's session thread ----

    @Override
    public void output(int jobId, byte[] bytes, int offset, int length) {
        RunnerJob job = jobs.get(jobId);
        if (job != null) {
            job.output(bytes, offset, length);
        }
    }

    @Override
    public void frame(char type, int jobId, byte[] payload) throws IOException {
        switch (type) {
            case RunnerFrames.READY -> {
                String[] versionAndNote = text(payload).split("\n", 2);
                undumpableFailure = versionAndNote.length > 1 ? versionAndNote[1] : null;
                ready.complete(null);
            }
            case RunnerFrames.STARTED -> withJob(jobId, job -> job.started(Long.parseLong(text(payload))));
            case RunnerFrames.EXITED -> {
                RunnerJob job = jobs.remove(jobId);
                if (job != null) {
                    job.ended(ExitReports.parse(text(payload)));
                }
            }
            case RunnerFrames.WITHDRAWAL -> withdrawalAnswered(jobId, text(payload));
            case RunnerFrames.HEARTBEAT -> {
                CompletableFuture<Void> answer = heartbeats.get(jobId);
                if (answer != null) {
                    answer.complete(null);
                }
            }
            default -> throw new IOException("runner protocol error: unknown frame type '" + type + "'");
        }
    }

    @Override
    public void closed() {
        alive = false;
        String why = "lost contact with " + workerName + " while the command ran" + stderrSuffix();
        ready.completeExceptionally(new IOException(why));
        jobs.values().forEach(job -> job.lost(why));
        jobs.clear();
        heartbeats.values().forEach(answer -> answer.completeExceptionally(new IOException(why)));
        withdrawals.values().forEach(answer -> answer.completeExceptionally(new WorkerLostException(why)));
    }

    private void withdrawalAnswered(int jobId, String answer) throws IOException {
        if (!answer.equals("withdrawn") && !answer.equals("started")) {
            throw new IOException("runner protocol error: bad withdrawal answer \"" + answer + "\"");
        }
        boolean dropped = answer.equals("withdrawn");
        if (dropped) {
            withJob(jobId, RunnerJob::dropped); // before the answer: withdraw() returning true implies withdrawn()
            jobs.remove(jobId);
        }
        CompletableFuture<Boolean> waiting = withdrawals.remove(jobId);
        if (waiting != null) {
            waiting.complete(dropped);
        }
    }

    private void withJob(int jobId, Consumer<RunnerJob> action) {
        RunnerJob job = jobs.get(jobId);
        if (job != null) {
            action.accept(job);
        }
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.US_ASCII);
    }

    private String stderrText() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8).strip();
        }
    }

    private String stderrSuffix() {
        String errors = stderrText();
        return errors.isEmpty() ? "" : " (runner said: " + errors.replace('\n', ' ') + ")";
    }

    /** Keeps the first few KB of the runner's stderr, for error messages. */
    private final class BoundedStderr extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (stderr) {
                stderr.write(bytes, offset, Math.min(length, Math.max(0, STDERR_KEPT - stderr.size())));
            }
        }
    }
}
