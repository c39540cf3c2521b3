package org.cloudtask.core.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.cloudtask.core.worker.WorkerConnection;

/**
 * Pings every worker in the pool at the ping interval; a ping not answered within the ping timeout has failed, and
 * after {@code pingRetries} failures in a row the worker has failed: within interval + retries × (interval + timeout)
 * of the moment it stopped answering, however many workers there are and however many of them hang.
 *
 * <p>why one timer thread and no thread per ping: the timer only starts pings and counts answers; a ping's answer
 * comes on the transport's own thread ({@link WorkerConnection#pingAsync}), and its timeout is the timer's, so a
 * hung worker holds no thread while it does not answer. What must block (a transport without asynchronous pings,
 * the interruption check, the failure's bookkeeping) runs on a pool whose threads live only while they work.
 *
 * <p>A worker that left the pool is forgotten ({@link #forget}): never pinged again, so never failed nor replaced.
 */
final class HealthWatch {

    private static final String CHECK = "interruption check";
    private static final String NO_NOTICE = CHECK + " exited 1";

    private final TaskSettings settings;
    private final BiConsumer<Worker, String> onFailure;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService blocking;
    private final Map<Worker, Watch> watches = new ConcurrentHashMap<>();

    /** {@code timer}: one thread (the run's, see {@link Dispatch#timer}), which cancelled tasks leave at once. */
    HealthWatch(TaskSettings settings, BiConsumer<Worker, String> onFailure, ScheduledThreadPoolExecutor timer) {
        this.settings = settings;
        this.onFailure = onFailure;
        this.timer = timer;
        this.blocking = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("cloudtask-ping"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    void watch(Worker worker) {
        Watch watch = new Watch(worker);
        watches.put(worker, watch);
        watch.scheduleNext();
    }

    /** The worker left the pool: no more pings nor interruption checks, whatever is under way now. */
    void forget(Worker worker) {
        Watch watch = watches.remove(worker);
        if (watch != null) watch.stop();
    }

    /**
     * Runs {@code check} on the worker at the ping interval; its exit 0 (the notice is there) calls {@code onNotice},
     * its exit 1 means no notice, and anything else (the check cannot tell: metadata unreachable, token refused) is
     * told to {@code trouble} once per worker and reason.
     */
    void watchInterruption(Worker worker, String check, Consumer<Worker> onNotice, Consumer<String> trouble) {
        Watch watch = watches.get(worker);
        if (watch != null) watch.checkInterruption(check, onNotice, trouble);
    }

    void stop() {
        watches.values().forEach(Watch::stop);
        watches.clear();
        blocking.shutdownNow();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds())
                : String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    /** One worker's pings: one round at a time, the next one an interval after the previous one ended. */
    private final class Watch {
        private final Worker worker;
        private volatile boolean stopped;
        private ScheduledFuture<?> next;
        private ScheduledFuture<?> interruptionChecks;

        Watch(Worker worker) {
            this.worker = worker;
        }

        synchronized void scheduleNext() {
            if (stopped) return;
            next = schedule(this::ping, settings.pingInterval());
        }

        synchronized void stop() {
            stopped = true;
            if (next != null) next.cancel(false);
            if (interruptionChecks != null) interruptionChecks.cancel(false);
        }

        private boolean watching() {
            return !stopped && worker.active() && worker.connection() != null;
        }

        /** On the timer thread: starts one ping; whichever comes first, its answer or its timeout, settles it. */
        private void ping() {
            if (!watching()) return;
            Round round = new Round();
            CompletableFuture<Void> answer;
            try {
                // why guarded: the worker may leave between this start and the pool's turn; its ping then never
                // runs (the round times out unheard) instead of touching a closed connection
                answer = worker.connection().pingAsync(settings.pingTimeout(), task -> runBlocking(() -> {
                    if (watching()) task.run();
                }));
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            round.timeout = schedule(() -> settle(round, false), settings.pingTimeout());
            answer.whenComplete((ok, failure) -> {
                try {
                    timer.execute(() -> settle(round, failure == null));
                } catch (RejectedExecutionException e) {
                    // why: the run is over; nobody counts pings any more
                }
            });
        }

        /** On the timer thread, so a worker's rounds are counted one after the other. */
        private void settle(Round round, boolean ok) {
            if (round.settled) return;
            round.settled = true;
            if (round.timeout != null) round.timeout.cancel(false);
            if (!watching()) return;
            if (worker.pinged(ok, settings.pingRetries())) {
                stop();
                String reason = settings.pingRetries() + " pings in a row got no answer within "
                        + seconds(settings.pingTimeout()) + " s";
                runBlocking(() -> onFailure.accept(worker, reason));
                return;
            }
            scheduleNext();
        }

        synchronized void checkInterruption(String check, Consumer<Worker> onNotice, Consumer<String> trouble) {
            if (stopped) return;
            long every = Math.max(1, settings.pingInterval().toMillis());
            // why on the blocking pool: the check is a command that waits for the worker up to the ping timeout
            java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.Set<String> told = ConcurrentHashMap.newKeySet();
            interruptionChecks = timer.scheduleWithFixedDelay(() -> runBlocking(() -> {
                if (!watching() || !checking.compareAndSet(false, true)) return;
                try {
                    String noNotice = SetupCommand.run(worker.connection(), CHECK, check, Map.of(),
                            settings.pingTimeout(), Duration.ZERO, () -> !watching());
                    if (noNotice == null) {
                        if (watching()) onNotice.accept(worker);
                    } else if (!noNotice.equals(NO_NOTICE) && !noNotice.startsWith(NO_NOTICE + ":") && watching()
                            && told.add(noNotice)) {
                        trouble.accept(worker.name() + ": " + noNotice
                                + "; a spot interruption notice would not be seen");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    checking.set(false);
                }
            }), every, every, TimeUnit.MILLISECONDS);
        }

        private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
            try {
                return timer.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return null; // why: the run is over
            }
        }

        private void runBlocking(Runnable task) {
            try {
                blocking.execute(task);
            } catch (RejectedExecutionException e) {
                // why: the run is over
            }
        }
    }

    /** One ping, settled once: by its answer or by its timeout. Touched only on the timer thread. */
    private static final class Round {
        ScheduledFuture<?> timeout;
        boolean settled;
    }
}
