package org.cloudtask.core.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slot's look-ups at a command whose transport cannot call back (its end, its start): at most one pending at a
 * time. Why a flag cleared before the news and not the timer's future: the step the news runs may look before the
 * future counts as done, and would then never schedule the next look-up.
 */
final class LookUps {

    private final AtomicBoolean pending = new AtomicBoolean();

    /** Runs {@code news} after {@code delay}, unless a look-up is pending already. */
    void schedule(Dispatch dispatch, Duration delay, Runnable news) {
        if (!pending.compareAndSet(false, true)) return;
        if (dispatch.after(delay, () -> {
            pending.set(false);
            news.run();
        }) == null) {
            pending.set(false);
        }
    }
}
