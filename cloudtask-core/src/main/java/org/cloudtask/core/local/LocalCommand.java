package org.cloudtask.core.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.text.LosslessText;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;

/** One command running as a local process group. Its output is pumped to the sink by a pooled thread. */
final class LocalCommand implements RunningCommand {

    /** Commands longer than this go to sh through a pipe: the kernel refuses single arguments over 128 KiB. */
    private static final int LONGEST_ARGUMENT = 64 * 1024;
    // why: see argumentCanCarry
    private static final boolean ARGUMENTS_IN_UTF8 = Charset.defaultCharset().equals(StandardCharsets.UTF_8)
            && "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private static final AtomicInteger PUMP_THREADS = new AtomicInteger();
    // why: threads are reused across jobs (no thread per job) and end 2 s after the last job; daemon so a stuck
    // pump never holds the JVM
    private static final ExecutorService PUMPS = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE,
            2, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "cloudtask-local-output-" + PUMP_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final Process process;
    private final CountDownLatch outputDone = new CountDownLatch(1);
    private final java.util.concurrent.CompletableFuture<Void> outputEnded = new java.util.concurrent.CompletableFuture<>();
    private volatile IOException outputFailure;
    private volatile boolean killed;
    // why: after a kill, what the job printed before it died is read at once; longer means something escaped
    private static final long OUTPUT_AFTER_KILL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private LocalCommand(Process process) {
        this.process = process;
    }

    static LocalCommand start(CommandRequest request, OutputSink output) throws IOException {
        boolean viaPipe = request.command().length() > LONGEST_ARGUMENT || !argumentCanCarry(request.command());
        String script = viaPipe ? "cmd=$(cat) && exec </dev/null && eval \"$cmd\"" : request.command();
        ProcessBuilder builder = new ProcessBuilder("setsid", "sh", "-c", script).redirectErrorStream(true);
        if (!viaPipe) builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        JobEnvironment.prepare(builder.environment(), request.environment());
        LocalCommand command = new LocalCommand(builder.start());
        // why the reader first: a started process always has its output drained, even if the rest goes wrong
        command.pumpOutput(output);
        if (viaPipe) {
            try {
                command.sendScript(request.command());
            } catch (IOException e) {
                command.killQuietly();
                throw e;
            }
        }
        return command;
    }

    /**
     * Whether the JVM can pass the command as a program argument without loss. Why: it encodes arguments in the
     * locale's charset (Java 17: the default charset, later versions: {@code sun.jnu.encoding}), so under a POSIX
     * locale (LANG unset, as in many containers) a command holding {@code 東京} would reach sh as {@code ??};
     * through the pipe it goes as UTF-8 bytes, whatever the locale, and input bytes that are not UTF-8 go as they came.
     */
    private static boolean argumentCanCarry(String command) {
        // why: bytes that are not UTF-8 (LosslessText escapes) cannot be a Java process argument in any locale
        if (LosslessText.hasEscapes(command)) return false;
        return ARGUMENTS_IN_UTF8 || command.chars().allMatch(c -> c < 128);
    }

    private void sendScript(String script) throws IOException {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(LosslessText.encode(script));
        }
    }

    private void pumpOutput(OutputSink sink) {
        PUMPS.execute(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream out = process.getInputStream()) {
                int n;
                while ((n = out.read(buffer)) > 0) sink.write(buffer, 0, n);
            } catch (IOException e) {
                outputFailure = e;
            } finally {
                outputDone.countDown();
                outputEnded.complete(null);
            }
        });
    }

    @Override
    public Optional<ExitStatus> await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) return Optional.empty();
        // why: a background child may still hold the output open; the command has ended only when its output has,
        // unless it was killed: then it has ended with its process, whatever escaped the kill (a double-forked daemon)
        long left = Math.max(0, deadline - System.nanoTime());
        if (!outputDone.await(killed ? Math.min(left, OUTPUT_AFTER_KILL_NANOS) : left, TimeUnit.NANOSECONDS)
                && !killed) {
            return Optional.empty();
        }
        return Optional.of(ExitStatus.exited(process.exitValue()));
    }

    /** Kills a command that could not be started properly (its script did not reach it), without a grace. */
    private void killQuietly() {
        // why both: the group may not exist yet (setsid has not run), and the process alone may have children
        process.destroyForcibly();
        try {
            ProcessGroups.signal(process.pid(), "KILL");
        } catch (IOException e) {
            // why: the process itself is gone already; nothing better to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Its end is the process's exit and the end of its output, as in {@link #await}. */
    @Override
    public boolean whenEnded(Runnable listener) {
        outputEnded.thenCombine(process.onExit(), (a, b) -> b).whenComplete((p, failure) -> listener.run());
        return true;
    }

    /** Why the output could not be stored, if it could not (e.g. the disk is full); null when all went well. */
    IOException outputFailure() {
        return outputFailure;
    }

    /**
     * TERM to the process group and to every descendant (strays that left the group with setsid are still
     * descendants now), KILL to the group after the grace, then KILL to whatever of the tree is left.
     */
    @Override
    public void kill(Duration grace) throws IOException, InterruptedException {
        java.util.List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        ProcessGroups.terminate(process.pid(), grace.toMillis());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        killed = true;
    }

    @Override
    public OptionalLong localProcessGroup() {
        return OptionalLong.of(process.pid());
    }
}
