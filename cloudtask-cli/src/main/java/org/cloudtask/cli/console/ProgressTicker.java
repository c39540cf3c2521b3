package org.cloudtask.cli.console;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.cloudtask.core.engine.Progress;

/**
 * Redraws the progress line every second with the engine's counts of the moment, so that it stays true (the rate,
 * the ETA, jobs that started) while no job ends: the engine's own progress events come only when jobs end.
 */
public final class ProgressTicker implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private ProgressTicker(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** @param counts the counts now, or null when there are none (no run under way) */
    public static ProgressTicker start(Console console, Supplier<Progress> counts) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cloudtask-progress-ticker");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            Progress now = counts.get();
            if (now != null) console.progress(ProgressLine.format(now));
        }, 1, 1, TimeUnit.SECONDS);
        return new ProgressTicker(timer);
    }

    /** Stops redrawing; a redraw under way ends first, so none comes after this returns. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
