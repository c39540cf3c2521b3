package org.cloudtask.core.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a slot that waits for its command (its end, a queued job's start) as soon as something it must act on
 * happens: the command's news, an abort, a halt, its worker failing. Why a count and not a flag: news that comes
 * between the slot's look at everything and its wait must still wake it, so the slot takes a {@link #mark()} before it
 * looks and waits only for news after that mark.
 */
final class Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition news = lock.newCondition();
    private long count;

    /** Where the news stands now; pass it to {@link #awaitAfter}. */
    long mark() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    void signal() {
        lock.lock();
        try {
            count++;
            news.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until news came after {@code mark}, or {@code nanos} passed. */
    void awaitAfter(long mark, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (count == mark && left > 0) left = news.awaitNanos(left);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #awaitAfter(long, long)} without a time limit. */
    void awaitAfter(long mark) throws InterruptedException {
        awaitAfter(mark, TimeUnit.DAYS.toNanos(365));
    }
}
