package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Pings every worker in the pool at the ping interval, each ping bounded by the ping timeout; after
 * {@code pingRetries} failures in a row the worker has failed. Two threads serve every worker.
 */
final class HealthWatch {

    private static final String CHECK = "interruption check";
    private static final String NO_NOTICE = CHECK + " exited 1";

    private final TaskSettings settings;
    private final BiConsumer<Worker, String> onFailure;
    private final ScheduledExecutorService pings;

    HealthWatch(TaskSettings settings, BiConsumer<Worker, String> onFailure) {
        this.settings = settings;
        this.onFailure = onFailure;
        AtomicInteger threads = new AtomicInteger();
        this.pings = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "cloudtask-ping-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void watch(Worker worker) {
        long every = Math.max(1, settings.pingInterval().toMillis());
        pings.scheduleWithFixedDelay(() -> ping(worker), every, every, TimeUnit.MILLISECONDS);
    }

    private void ping(Worker worker) {
        if (!worker.active() || worker.connection() == null) return;
        boolean ok;
        try {
            worker.connection().ping(settings.pingTimeout());
            ok = true;
        } catch (IOException | RuntimeException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (worker.pinged(ok, settings.pingRetries())) {
            onFailure.accept(worker, settings.pingRetries() + " pings in a row got no answer within "
                    + seconds(settings.pingTimeout()) + " s");
        }
    }

    /**
     * Runs {@code check} on the worker at the ping interval; its exit 0 (the notice is there) calls {@code onNotice},
     * its exit 1 means no notice, and anything else (the check cannot tell: metadata unreachable, token refused) is
     * told to {@code trouble} once per worker and reason.
     */
    void watchInterruption(Worker worker, String check, java.util.function.Consumer<Worker> onNotice,
                           java.util.function.Consumer<String> trouble) {
        long every = Math.max(1, settings.pingInterval().toMillis());
        java.util.Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
        pings.scheduleWithFixedDelay(() -> {
            if (!worker.active() || worker.connection() == null) return;
            try {
                String noNotice = SetupCommand.run(worker.connection(), CHECK, check, java.util.Map.of(),
                        settings.pingTimeout(), Duration.ZERO, () -> !worker.active());
                if (noNotice == null) {
                    onNotice.accept(worker);
                } else if (!noNotice.equals(NO_NOTICE) && !noNotice.startsWith(NO_NOTICE + ":") && worker.active()
                        && told.add(noNotice)) {
                    trouble.accept(worker.name() + ": " + noNotice + "; a spot interruption notice would not be seen");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    void stop() {
        pings.shutdownNow();
    }
}
