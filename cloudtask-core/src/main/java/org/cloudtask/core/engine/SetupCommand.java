package org.cloudtask.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;

/**
 * Runs a worker's {@code pre} or {@code post} command within a time limit. Keeps the last bytes of its output so a
 * failure can be explained in one line.
 */
final class SetupCommand {

    private static final int KEPT_OUTPUT = 400;

    private SetupCommand() {
    }

    private static final Duration LOOK_UP = Duration.ofMillis(250);

    /** Null when the command exited 0 in time, else why not. {@code abandon} turning true (an abort) kills it. */
    static String run(WorkerConnection connection, String label, String command, Map<String, String> env,
                      Duration limit, Duration killGrace, BooleanSupplier abandon) throws InterruptedException {
        Tail tail = new Tail();
        try {
            RunningCommand running = connection.start(new CommandRequest(command, env, label), tail);
            long deadline = System.nanoTime() + limit.toNanos();
            Optional<ExitStatus> status = Optional.empty();
            while (status.isEmpty() && !abandon.getAsBoolean() && System.nanoTime() < deadline) {
                long left = deadline - System.nanoTime();
                status = running.await(Duration.ofNanos(Math.max(1, Math.min(left, LOOK_UP.toNanos()))));
            }
            if (status.isEmpty()) {
                running.kill(killGrace);
                return abandon.getAsBoolean() ? label + " was stopped by the abort"
                        : label + " did not finish within " + limit.toSeconds() + " s";
            }
            if (status.get().succeeded()) return null;
            return label + " exited " + status.get().code() + tail.lastLine();
        } catch (IOException e) {
            return label + " could not run: " + e.getMessage();
        }
    }

    /** The end of a command's output. */
    private static final class Tail implements OutputSink {
        private final byte[] kept = new byte[KEPT_OUTPUT];
        private int length;

        @Override
        public synchronized void write(byte[] bytes, int offset, int n) {
            if (n >= KEPT_OUTPUT) {
                System.arraycopy(bytes, offset + n - KEPT_OUTPUT, kept, 0, KEPT_OUTPUT);
                length = KEPT_OUTPUT;
                return;
            }
            int keep = Math.min(length, KEPT_OUTPUT - n);
            System.arraycopy(kept, length - keep, kept, 0, keep);
            System.arraycopy(bytes, offset, kept, keep, n);
            length = keep + n;
        }

        synchronized String lastLine() {
            String text = new String(kept, 0, length, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) return "";
            return ": " + text.substring(text.lastIndexOf('\n') + 1);
        }
    }
}
