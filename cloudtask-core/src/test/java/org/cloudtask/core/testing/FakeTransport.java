package org.cloudtask.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerLostException;
import org.cloudtask.core.worker.WorkerRefusedException;

/**
 * An in-memory transport with scripted workers, for engine tests that need what real machines do only rarely:
 * refused or slow connections, failing pings, lost connections, commands that hang until killed. Commands do not
 * run; a script (worker name, request) -> {@link Outcome} decides what each one does. By default every command
 * prints {@code ok} and exits 0 at once. Default workers are named {@code fake-1..N}.
 */
public final class FakeTransport implements Transport {

    private volatile BiFunction<String, CommandRequest, Outcome> script = (w, r) -> Outcome.exit(0, "ok\n");
    private final Map<String, FakeWorker> workers = new ConcurrentHashMap<>();
    private final List<Started> started = new ArrayList<>();

    /** What a command does. */
    public record Outcome(int exitCode, byte[] output, boolean hangs, boolean losesConnection, Duration takes) {
        public static Outcome exit(int code, String output) {
            return new Outcome(code, output.getBytes(StandardCharsets.UTF_8), false, false, Duration.ZERO);
        }

        /** The same outcome, reached only after {@code duration} (a job that takes time). */
        public Outcome after(Duration duration) {
            return new Outcome(exitCode, output, hangs, losesConnection, duration);
        }

        public static Outcome exit(int code) {
            return exit(code, "");
        }

        /** Runs until killed (or forever). */
        public static Outcome hang() {
            return new Outcome(0, new byte[0], true, false, Duration.ZERO);
        }

        /** The connection breaks while it runs: await throws {@link WorkerLostException}. */
        public static Outcome loseConnection() {
            return new Outcome(0, new byte[0], false, true, Duration.ZERO);
        }
    }

    /** A command the fake was asked to run. */
    public record Started(String worker, CommandRequest request) {
    }

    public FakeTransport script(BiFunction<String, CommandRequest, Outcome> value) {
        script = value;
        return this;
    }

    /** The scripted worker of this name, created on first use. */
    public FakeWorker worker(String name) {
        return workers.computeIfAbsent(name, FakeWorker::new);
    }

    public synchronized List<Started> started() {
        return new ArrayList<>(started);
    }

    /** Jobs' commands (not pre/post) started on {@code worker}. */
    public synchronized long jobsStartedOn(String worker) {
        return started.stream().filter(s -> s.worker().equals(worker) && s.request().label().startsWith("job")).count();
    }

    private synchronized void record(String worker, CommandRequest request) {
        started.add(new Started(worker, request));
    }

    @Override
    public WorkerConnection connect(WorkerAddress address) throws IOException {
        return worker(address.displayName()).connect();
    }

    @Override
    public List<WorkerAddress> defaultWorkers(int count) {
        List<WorkerAddress> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) list.add(WorkerAddress.of("fake-" + i));
        return list;
    }

    /** One scripted worker: how it answers connections and pings. */
    public final class FakeWorker {
        private final String name;
        private volatile boolean refuses;
        private volatile int failingConnects;
        private volatile boolean broken;
        private volatile boolean noOverlay;
        private volatile int connects;

        FakeWorker(String name) {
            this.name = name;
        }

        /** Connections are refused for good (bad host key, bad credentials). */
        public FakeWorker refuses() {
            refuses = true;
            return this;
        }

        /** The first {@code n} connection attempts fail as if the machine were still booting. */
        public FakeWorker failsConnects(int n) {
            failingConnects = n;
            return this;
        }

        /** From now on pings fail and running commands never end, like a machine that froze. */
        public FakeWorker breakDown() {
            broken = true;
            return this;
        }

        /** Like a transport with no way to copy files: copyOverlay throws UnsupportedOperationException. */
        public FakeWorker cannotCopyOverlay() {
            noOverlay = true;
            return this;
        }

        public int connects() {
            return connects;
        }

        WorkerConnection connect() throws IOException {
            connects++;
            if (refuses) throw new WorkerRefusedException("authentication refused by " + name);
            if (failingConnects > 0) {
                failingConnects--;
                throw new IOException("connection refused by " + name);
            }
            return new Connection();
        }

        private final class Connection implements WorkerConnection {
            @Override
            public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
                if (broken) throw new IOException(name + " does not answer");
                record(name, request);
                Outcome outcome = script.apply(name, request);
                output.write(outcome.output(), 0, outcome.output().length);
                return new Command(outcome);
            }

            /** Recorded as a started command labelled {@code overlay} whose command is the directory. */
            @Override
            public void copyOverlay(java.nio.file.Path directory, Duration timeout) {
                if (noOverlay) throw new UnsupportedOperationException("this transport cannot copy an overlay");
                record(name, new CommandRequest(directory.toString(), Map.of(), "overlay"));
            }

            @Override
            public void ping(Duration timeout) throws IOException {
                if (broken) throw new IOException(name + " does not answer pings");
            }

            @Override
            public void close() {
            }
        }

        private final class Command implements RunningCommand {
            private final Outcome outcome;
            private final CountDownLatch killed = new CountDownLatch(1);
            private final long endsAt;

            Command(Outcome outcome) {
                this.outcome = outcome;
                this.endsAt = System.nanoTime() + outcome.takes().toNanos();
            }

            @Override
            public Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException {
                if (outcome.losesConnection()) throw new WorkerLostException("connection to " + name + " reset");
                if (outcome.hangs() || broken) {
                    if (!killed.await(timeout.toNanos(), TimeUnit.NANOSECONDS) || broken) return Optional.empty();
                    return Optional.of(ExitStatus.killedBy("TERM", 15));
                }
                long left = endsAt - System.nanoTime();
                if (left > 0) {
                    if (killed.await(Math.min(left, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                        return Optional.of(ExitStatus.killedBy("TERM", 15));
                    }
                    if (endsAt - System.nanoTime() > 0) return Optional.empty();
                }
                return Optional.of(ExitStatus.exited(outcome.exitCode()));
            }

            @Override
            public void kill(Duration grace) {
                killed.countDown();
            }
        }
    }
}
