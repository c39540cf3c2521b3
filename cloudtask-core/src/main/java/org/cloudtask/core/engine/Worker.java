package org.cloudtask.core.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;

/**
 * One worker of the pool as the engine sees it: its connection, its commands running now, and whether it is still
 * wanted. A worker leaves the pool when it fails (pings, lost connection) or is retired (strikes); never comes back.
 */
final class Worker {

    private final WorkerAddress address;
    private final LaunchedWorker launched;
    private final String name;
    private volatile WorkerConnection connection;
    private volatile String failure;
    private volatile boolean retired;
    private volatile boolean preempted;
    private volatile boolean cannotQueue;
    private volatile boolean left;
    private int consecutiveFailures;
    private int failedPings;
    private final Set<RunningCommand> running = ConcurrentHashMap.newKeySet();

    Worker(WorkerAddress address) {
        this(address, null);
    }

    /** {@code launched}: the provisioner's record when this session launched the worker, else null. */
    Worker(WorkerAddress address, LaunchedWorker launched) {
        this.address = address;
        this.launched = launched;
        this.name = address.displayName();
    }

    LaunchedWorker launched() { return launched; }

    WorkerAddress address() { return address; }
    String name() { return name; }
    WorkerConnection connection() { return connection; }
    void connected(WorkerConnection value) { connection = value; }

    /** Still in the pool: neither failed, retired, preempted nor gone. */
    boolean active() {
        return failure == null && !retired && !preempted && !left;
    }

    /** Its slots are done and its connection is closing: nothing may touch it any more (ping, fail, replace). */
    void leave() {
        left = true;
    }

    boolean left() {
        return left;
    }

    /** The cloud is taking this worker back: no new job, running ones go back to the queue. True the first time. */
    synchronized boolean preempt() {
        if (preempted) return false;
        preempted = true;
        return true;
    }

    /** Its connection said once that it cannot queue a command behind another: slots stop asking. */
    boolean cannotQueue() { return cannotQueue; }
    void cannotQueueCommands() { cannotQueue = true; }

    boolean preempted() {
        return preempted;
    }

    boolean failed() {
        return failure != null;
    }

    String failure() {
        return failure;
    }

    /** Marks the worker failed; true only for the first call, so the failure is reported once. */
    synchronized boolean fail(String reason) {
        if (failure != null) return false;
        failure = reason;
        return true;
    }

    /**
     * Counts a failed attempt. True when this failure reaches {@code strikes} (0 = off) and retires the worker;
     * only the first such call returns true.
     */
    synchronized boolean strike(int strikes) {
        consecutiveFailures++;
        if (strikes > 0 && consecutiveFailures >= strikes && !retired) {
            retired = true;
            return true;
        }
        return false;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
    }

    /** Counts a ping: true when {@code retries} consecutive pings have failed. */
    synchronized boolean pinged(boolean ok, int retries) {
        failedPings = ok ? 0 : failedPings + 1;
        return failedPings >= Math.max(1, retries);
    }

    Set<RunningCommand> running() {
        return running;
    }
}
