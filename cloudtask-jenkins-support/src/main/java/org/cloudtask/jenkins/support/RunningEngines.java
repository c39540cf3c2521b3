package org.cloudtask.jenkins.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks running on this controller, so that a controller shutdown can stop them in order: running jobs killed,
 * launched instances terminated, sessions saved and unlocked, before the process exits. A safe restart waits for the
 * steps instead; this is for the shutdowns that do not wait.
 */
public final class RunningEngines {

    /** A running task's registration; closing it says the task has returned. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final Set<Runnable> aborts = ConcurrentHashMap.newKeySet();

    public Registration register(Runnable abort) {
        aborts.add(abort);
        return () -> {
            synchronized (this) {
                aborts.remove(abort);
                notifyAll();
            }
        };
    }

    /**
     * Asks every running task to abort and waits until all have returned or {@code timeout} passed.
     *
     * @return how many were still running when the wait ended
     */
    public synchronized int abortAll(Duration timeout) throws InterruptedException {
        for (Runnable abort : Set.copyOf(aborts)) abort.run();
        Instant deadline = Instant.now().plus(timeout);
        while (!aborts.isEmpty()) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) break;
            wait(left);
        }
        return aborts.size();
    }
}
