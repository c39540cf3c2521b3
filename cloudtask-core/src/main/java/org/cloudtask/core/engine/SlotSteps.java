package org.cloudtask.core.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one slot's step whenever there is news for it ({@link #news()}), never two of its steps at once and never
 * missing news: news that comes while a step runs makes another step run after it. Why: a slot then needs a thread only
 * while it acts, and whatever it waits for (its command's end, work, an abort) just calls {@link #news()}.
 *
 * <p>A step that is about to wait on a worker calls {@link #moveToBlocking()} and returns; the same step runs again at
 * once on the blocking pool, where it may wait. The next news brings the slot back to the step pool.
 */
final class SlotSteps {

    private final Dispatch dispatch;
    private final Runnable step;
    private final AtomicInteger news = new AtomicInteger();
    // why: touched only by the thread that runs the slot's steps now (one at a time), so plain fields do
    private boolean onBlocking;
    private boolean moveRequested;

    SlotSteps(Dispatch dispatch, Runnable step) {
        this.dispatch = dispatch;
        this.step = step;
    }

    /** Something the slot must look at happened; its step runs soon, on a pool thread (never on the caller's). */
    void news() {
        if (news.getAndIncrement() == 0) submit(dispatch.steps(), false);
    }

    /** Whether the running step may wait on a worker. */
    boolean mayBlock() {
        return onBlocking;
    }

    /** From a step: run this step again, now, on the blocking pool; the step must return right after. */
    void moveToBlocking() {
        moveRequested = true;
    }

    private void submit(Executor executor, boolean blocking) {
        try {
            executor.execute(() -> drain(blocking));
        } catch (RejectedExecutionException e) {
            // why: the run is over and every slot has ended; late news (a command's end seen twice) has no one to tell
        }
    }

    private void drain(boolean blocking) {
        onBlocking = blocking;
        while (true) {
            int seen = news.get();
            moveRequested = false;
            step.run();
            if (moveRequested) {
                // why the news count stays: the step is not done, and no other thread may run this slot meanwhile
                if (!blocking) {
                    submit(dispatch.blocking(), true);
                    return;
                }
                continue;
            }
            if (news.addAndGet(-seen) == 0) return;
            if (blocking) {
                // why back to the step pool: the blocking pool is for waits on workers, not for ordinary steps
                submit(dispatch.steps(), false);
                return;
            }
        }
    }
}
