package org.cloudtask.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.QueuedCommand;
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

    // why: commands that end at a time of their own tell the engine so (whenEnded), as real transports do
    private static final java.util.concurrent.ScheduledExecutorService ENDINGS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fake-transport-endings");
                t.setDaemon(true);
                return t;
            });

    private volatile BiFunction<String, CommandRequest, Outcome> script = (w, r) -> Outcome.exit(0, "ok\n");
    private final Map<String, FakeWorker> workers = new ConcurrentHashMap<>();
    private final List<Started> started = new ArrayList<>();
    private final List<Started> queued = new ArrayList<>();
    private volatile boolean queues;
    private volatile boolean silent;
    private volatile java.util.function.Function<CommandRequest, Duration> withdrawAnswers = r -> Duration.ZERO;

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

        /** The connection breaks while it runs (after {@link #after}, if given): await throws {@link WorkerLostException}. */
        public static Outcome loseConnection() {
            return new Outcome(0, new byte[0], false, true, Duration.ZERO);
        }
    }

    /** A command the fake was asked to run. */
    public record Started(String worker, CommandRequest request) {
    }

    /**
     * Workers accept commands queued behind a running one ({@code startAfter}); off by default, like a transport
     * that cannot queue. A queued command starts (and prints) the moment the one before it has ended.
     */
    public FakeTransport queueing() {
        queues = true;
        return this;
    }

    /**
     * Commands never call back at their end ({@code whenEnded} is false), like a transport that cannot tell: the
     * engine then looks at them from time to time.
     */
    public FakeTransport silent() {
        silent = true;
        return this;
    }

    /** Every command handed to {@code startAfter}, queueing or not, in order; started or not. */
    public synchronized List<Started> queued() {
        return new ArrayList<>(queued);
    }

    /**
     * How long the worker's answer to the withdrawal of a queued command takes to reach the controller. The worker
     * decides at once (a command withdrawn there never starts); a caller whose timeout passes first gets no answer,
     * and {@code withdrawn()} turns true only once the answer has arrived. At once by default.
     */
    public FakeTransport withdrawAnswers(java.util.function.Function<CommandRequest, Duration> delay) {
        withdrawAnswers = delay;
        return this;
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
    public WorkerConnection connect(WorkerAddress address) throws IOException, InterruptedException {
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
        private volatile boolean dropped;
        private volatile boolean pingsFail;
        private final java.util.Set<Command> live = ConcurrentHashMap.newKeySet();
        private volatile boolean ignoresTerm;
        private volatile CountDownLatch killsWait;
        private final java.util.concurrent.atomic.AtomicInteger kills = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean frozen;
        private final java.util.concurrent.atomic.AtomicInteger pingsAfterClose = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean noOverlay;
        private volatile int connects;
        private volatile Duration connectTakes = Duration.ZERO;

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

        /**
         * The connection breaks now: what its commands had reported stays known (a start, an end), everything else
         * throws {@link WorkerLostException}, and nothing queued starts any more.
         */
        public FakeWorker dropConnection() {
            dropped = true;
            live.forEach(Command::tell);
            return this;
        }

        /** From now on pings fail, while its commands go on as before (a worker that answers jobs but not pings). */
        public FakeWorker failPings() {
            pingsFail = true;
            return this;
        }

        /** Its commands survive a kill with a grace (they ignore TERM); only a kill without grace ends them. */
        public FakeWorker ignoresTerm() {
            ignoresTerm = true;
            return this;
        }

        /** A kill of one of its commands returns only once {@code release} opens (a worker that does not answer). */
        public FakeWorker killsWaitFor(CountDownLatch release) {
            killsWait = release;
            return this;
        }

        /**
         * From now on it answers nothing, like a machine stopped with SIGSTOP: a ping waits its whole timeout and
         * fails, a withdrawal waits its timeout and fails, running commands never end and queued ones never start.
         */
        public FakeWorker freeze() {
            frozen = true;
            return this;
        }

        /** Pings sent on a connection of this worker after it was closed (each one fails). */
        public int pingsAfterClose() {
            return pingsAfterClose.get();
        }

        /** Like a transport with no way to copy files: copyOverlay throws UnsupportedOperationException. */
        public FakeWorker cannotCopyOverlay() {
            noOverlay = true;
            return this;
        }

        /** How many times a kill of one of its commands was asked for. */
        public int kills() {
            return kills.get();
        }

        /** Each connection attempt takes {@code duration} (a slow handshake); an interrupt ends it at once. */
        public FakeWorker slowConnects(Duration duration) {
            connectTakes = duration;
            return this;
        }

        public int connects() {
            return connects;
        }

        WorkerConnection connect() throws IOException, InterruptedException {
            connects++;
            Thread.sleep(connectTakes.toMillis());
            if (refuses) throw new WorkerRefusedException("authentication refused by " + name);
            if (failingConnects > 0) {
                failingConnects--;
                throw new IOException("connection refused by " + name);
            }
            return new Connection();
        }

        private Command launch(CommandRequest request, OutputSink output) throws IOException {
            record(name, request);
            Outcome outcome = script.apply(name, request);
            output.write(outcome.output(), 0, outcome.output().length);
            return new Command(outcome);
        }

        private final class Connection implements WorkerConnection {
            private volatile boolean closed;

            @Override
            public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
                if (broken || dropped) throw new IOException(name + " does not answer");
                return launch(request, output);
            }

            @Override
            public Optional<QueuedCommand> startAfter(RunningCommand previous, CommandRequest request,
                                                      OutputSink output) throws IOException {
                synchronized (FakeTransport.this) {
                    queued.add(new Started(name, request));
                }
                if (!queues) return Optional.empty();
                if (broken || dropped) throw new IOException(name + " does not answer");
                Queued next = new Queued(previous, request, output);
                ((Follows) previous).followedBy(next);
                return Optional.of(next);
            }

            /** Recorded as a started command labelled {@code overlay} whose command is the directory. */
            @Override
            public void copyOverlay(java.nio.file.Path directory, Duration timeout) {
                if (noOverlay) throw new UnsupportedOperationException("this transport cannot copy an overlay");
                record(name, new CommandRequest(directory.toString(), Map.of(), "overlay"));
            }

            @Override
            public void ping(Duration timeout) throws IOException, InterruptedException {
                if (closed) {
                    pingsAfterClose.incrementAndGet();
                    throw new IOException("the connection to " + name + " is closed");
                }
                if (frozen) {
                    Thread.sleep(timeout.toMillis());
                    throw new IOException(name + " did not answer within " + timeout);
                }
                if (broken || dropped || pingsFail) throw new IOException(name + " does not answer pings");
            }

            @Override
            public void close() {
                closed = true;
            }
        }

        private static void killQuietly(Command command) {
            try {
                command.kill(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A command another may be queued behind: it starts that one as soon as its own end is seen. */
        private abstract static class Follows {
            private volatile Queued follower;

            void followedBy(Queued next) {
                follower = next;
            }

            Optional<ExitStatus> seen(Optional<ExitStatus> status) throws IOException {
                Queued next = follower;
                if (status.isPresent() && next != null) next.startIfDue();
                return status;
            }

            abstract boolean ended();

            abstract boolean connectionLost();
        }

        private final class Command extends Follows implements RunningCommand {
            private final Outcome outcome;
            private final CountDownLatch killed = new CountDownLatch(1);
            private final long endsAt;

            private final java.util.concurrent.CompletableFuture<Void> told =
                    new java.util.concurrent.CompletableFuture<>();

            Command(Outcome outcome) {
                this.outcome = outcome;
                this.endsAt = System.nanoTime() + outcome.takes().toNanos();
                live.add(this);
                if (!outcome.hangs()) ENDINGS.schedule(this::tell, outcome.takes().toNanos(), TimeUnit.NANOSECONDS);
            }

            /** Its end (or its connection's) may be seen now: whoever waits for it looks. */
            void tell() {
                live.remove(this);
                told.complete(null);
            }

            @Override
            public boolean whenEnded(Runnable listener) {
                if (silent) return false;
                told.whenComplete((v, e) -> listener.run());
                return true;
            }

            @Override
            public Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException {
                try {
                    return seen(awaitEnd(timeout));
                } catch (WorkerLostException e) {
                    throw e;
                } catch (IOException e) {
                    throw new WorkerLostException(e.getMessage());
                }
            }

            @Override
            boolean ended() {
                if (outcome.losesConnection() || broken || dropped || frozen) return false;
                return killed.getCount() == 0 || (!outcome.hangs() && endsAt - System.nanoTime() <= 0);
            }

            @Override
            boolean connectionLost() {
                return dropped || outcome.losesConnection() && endsAt - System.nanoTime() <= 0;
            }

            private Optional<ExitStatus> awaitEnd(Duration timeout) throws InterruptedException, WorkerLostException {
                if (dropped) throw new WorkerLostException("connection to " + name + " dropped");
                if (outcome.losesConnection()) {
                    long left = endsAt - System.nanoTime();
                    if (left > 0) Thread.sleep(Math.max(1, Math.min(left, timeout.toNanos()) / 1_000_000));
                    if (connectionLost()) throw new WorkerLostException("connection to " + name + " reset");
                    return Optional.empty();
                }
                if (frozen) {
                    Thread.sleep(timeout.toMillis());
                    return Optional.empty();
                }
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
            public void kill(Duration grace) throws InterruptedException {
                kills.incrementAndGet();
                CountDownLatch wait = killsWait;
                if (wait != null) wait.await();
                if (ignoresTerm && !grace.isZero()) return;
                killed.countDown();
                tell();
            }
        }

        /**
         * A command queued behind another: it starts (is recorded, prints its output) the first time anyone sees
         * the one before it ended, which is as soon as the worker could have started it.
         */
        private final class Queued extends Follows implements QueuedCommand {
            private final Follows previous;
            private final CommandRequest request;
            private final OutputSink output;
            private Command command;
            private long startMillis;
            private boolean killedEarly;
            private long answerAt = -1; // when the answer to the withdrawal reaches the controller; -1: none asked
            private boolean withdrawnAtWorker;

            Queued(RunningCommand previous, CommandRequest request, OutputSink output) {
                this.previous = (Follows) previous;
                this.request = request;
                this.output = output;
            }

            synchronized boolean startIfDue() throws IOException {
                if (command != null) return true;
                if (withdrawnAtWorker || !previous.ended()) return false;
                startMillis = System.currentTimeMillis();
                command = launch(request, output);
                if (killedEarly) killQuietly(command);
                return true;
            }

            @Override
            boolean ended() {
                Command c;
                synchronized (this) {
                    c = command;
                }
                return c != null && c.ended();
            }

            @Override
            boolean connectionLost() {
                Command c;
                synchronized (this) {
                    c = command;
                }
                return previous.connectionLost() || c != null && c.connectionLost();
            }

            @Override
            public OptionalLong awaitStart(Duration timeout) throws InterruptedException, WorkerLostException {
                long until = System.nanoTime() + timeout.toNanos();
                while (true) {
                    synchronized (this) {
                        // why first: a start that was reported stays reported whatever happens to the connection
                        if (command != null) return OptionalLong.of(startMillis);
                    }
                    if (dropped || previous.connectionLost()) {
                        throw new WorkerLostException("connection to " + name + " reset");
                    }
                    synchronized (this) {
                        if (withdrawn()) return OptionalLong.empty();
                        try {
                            if (startIfDue()) return OptionalLong.of(startMillis);
                        } catch (IOException e) {
                            throw new WorkerLostException(e.getMessage());
                        }
                    }
                    long left = until - System.nanoTime();
                    if (left <= 0) return OptionalLong.empty();
                    Thread.sleep(Math.max(1, Math.min(5, left / 1_000_000)));
                }
            }

            @Override
            public boolean withdraw(Duration timeout) throws IOException, InterruptedException {
                if (frozen) {
                    synchronized (this) {
                        if (command != null) return false; // the start was reported before the freeze
                    }
                    Thread.sleep(timeout.toMillis());
                    throw new IOException(name + " did not answer the withdrawal within " + timeout);
                }
                long answer;
                boolean decision;
                synchronized (this) {
                    if (answerAt < 0) {
                        if (broken || dropped || previous.connectionLost()) {
                            throw new WorkerLostException("connection to " + name + " reset");
                        }
                        withdrawnAtWorker = !startIfDue();
                        answerAt = System.nanoTime() + withdrawAnswers.apply(request).toNanos();
                    }
                    answer = answerAt;
                    decision = withdrawnAtWorker;
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long now = System.nanoTime();
                    if (now - answer >= 0) return decision;
                    if (dropped || broken) throw new WorkerLostException("connection to " + name + " reset");
                    if (now - deadline >= 0) throw new IOException(name + " did not answer the withdrawal in time");
                    Thread.sleep(Math.max(1, Math.min(5, Math.min(answer - now, deadline - now) / 1_000_000)));
                }
            }

            @Override
            public synchronized boolean withdrawn() {
                return withdrawnAtWorker && System.nanoTime() - answerAt >= 0;
            }

            @Override
            public Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException {
                if (awaitStart(timeout).isEmpty()) return Optional.empty();
                try {
                    return seen(command.awaitEnd(timeout));
                } catch (WorkerLostException e) {
                    throw e;
                } catch (IOException e) {
                    throw new WorkerLostException(e.getMessage());
                }
            }

            /** Once started, as its command; before, it cannot tell (the engine only watches started commands). */
            @Override
            public synchronized boolean whenEnded(Runnable listener) {
                return command != null && command.whenEnded(listener);
            }

            /** Before it started, the kill is kept for the start: like a worker killing it the moment it starts. */
            @Override
            public synchronized void kill(Duration grace) throws InterruptedException {
                if (command != null) command.kill(grace);
                else killedEarly = true;
            }
        }
    }
}
