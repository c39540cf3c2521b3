package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;

/**
 * A worker's life in the pool: connect (retrying with backoff while a launched worker boots), copy the overlay and the
 * {@code --transfer} files, run {@code pre}, all on a thread of its own; then its slots run jobs until there is no more
 * work for it (they hold no thread: see {@link Slot}); after the last one, {@code post} runs and the connection closes.
 * A worker that cannot connect or be set up is dropped with a log line; the task goes on with the others.
 */
final class WorkerRunner implements Runnable {

    private static final long FIRST_BACKOFF_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 15_000;

    private final TaskRun run;
    private final Worker worker;
    private final Duration connectPatience;
    private final WorkingDirectory workingDirectory;
    private Thread thread;
    private boolean connecting = true;
    private boolean abandoned;
    private final AtomicInteger slotsLeft = new AtomicInteger();

    /** {@code connectPatience}: how long to keep trying to connect; zero for a single attempt. */
    WorkerRunner(TaskRun run, Worker worker, Duration connectPatience) {
        this.run = run;
        this.worker = worker;
        this.connectPatience = connectPatience;
        this.workingDirectory = new WorkingDirectory(run.sessionId());
    }

    /**
     * No work is left for a worker that has not joined yet: stops connecting to it (interrupts the attempt under
     * way), so the run ends without waiting for handshakes it no longer needs. A worker that joined is left alone.
     */
    synchronized void abandonIfConnecting() {
        if (!connecting || abandoned) return;
        abandoned = true;
        if (thread != null) thread.interrupt();
    }

    private synchronized boolean startConnecting() {
        thread = Thread.currentThread();
        return !abandoned;
    }

    private synchronized boolean abandoned() {
        return abandoned;
    }

    /** True when the worker may join; false when it was abandoned meanwhile (its interrupt is then cleared). */
    private synchronized boolean joins() {
        connecting = false;
        if (abandoned) Thread.interrupted();
        return !abandoned;
    }

    @Override
    public void run() {
        boolean handedOver = false;
        try {
            if (!startConnecting()) return;
            WorkerConnection connection = connect();
            if (!joins() || !run.wantsMoreWorkers()) {
                if (connection != null) connection.close();
                return;
            }
            if (connection == null) return;
            worker.connected(connection);
            try {
                if (setUp()) {
                    startSlots();
                    handedOver = true;
                }
            } catch (IOException | RuntimeException e) {
                run.workerFailed(worker, e.toString());
            } finally {
                if (!handedOver) disconnect();
            }
        } catch (InterruptedException e) {
            if (!joins()) return; // why: abandoned while connecting; the interrupt was ours
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            run.workerFailed(worker, e.toString());
        } finally {
            if (!handedOver) lifeEnded();
        }
    }

    /**
     * Starts the worker's slots, which from now on own the rest of its life (see {@link #slotEnded}); this thread
     * ends.
     */
    private void startSlots() throws IOException {
        int slots = worker.address().slots() > 0 ? worker.address().slots() : run.settings().slotsPerWorker();
        List<Slot> all = new ArrayList<>();
        for (int i = 1; i <= slots; i++) all.add(new Slot(run, worker, run.nextSlotNumber(), this::slotEnded));
        run.recorder().worker(worker.name(), "joined", Integer.toString(slots),
                worker.name() + ": joined with " + slots + (slots == 1 ? " slot" : " slots"));
        run.watchHealth(worker);
        slotsLeft.set(slots);
        all.forEach(Slot::begin);
    }

    /**
     * A slot ended; after the last one, {@code post} runs and the worker leaves. Why on the blocking pool when there is
     * a {@code post} or a working directory: they wait on the worker. Why at once otherwise: closing the connection
     * does not wait, and at the end of a run every worker leaves at the same moment; a pool thread for each would
     * cost a thread per worker again.
     */
    private void slotEnded() {
        if (slotsLeft.decrementAndGet() != 0) return;
        if (run.settings().post() == null && !workingDirectory.created()) {
            leave();
            return;
        }
        try {
            run.dispatch().blocking().execute(this::leave);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            leave(); // why: the run is being torn down; leave at once rather than never
        }
    }

    private void leave() {
        try {
            if (run.settings().post() != null && !worker.failed() && !run.killingNow()) {
                String problem = SetupCommand.run(worker.connection(), "post", run.settings().post(),
                        setupEnvironment(), run.settings().setupTimeout(), run.killGrace(), run::killingNow);
                if (problem != null) run.recorder().line(worker.name() + ": " + problem);
            }
            run.recorder().worker(worker.name(), "left", worker.failure(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            run.workerFailed(worker, e.toString());
        } finally {
            disconnect();
            lifeEnded();
        }
    }

    private void disconnect() {
        workingDirectory.remove(worker, run);
        run.workerLeft(worker);
        worker.connection().close();
    }

    /** Said exactly once per worker, whatever way its life went. */
    private void lifeEnded() {
        try {
            run.workerLeft(worker);
            if (worker.launched() != null) run.launches().destroy(worker.launched());
        } finally {
            run.lifeEnded();
        }
    }

    private WorkerConnection connect() throws InterruptedException {
        long deadline = System.nanoTime() + connectPatience.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return run.transport().connect(worker.address());
            } catch (WorkerRefusedException e) {
                drop("refused: " + e.getMessage());
                return null;
            } catch (IOException e) {
                if (abandoned()) return null; // why: the attempt failed because we stopped it; nothing to report
                long left = deadline - System.nanoTime();
                if (left <= 0 || run.aborting()) {
                    drop("cannot connect: " + e.getMessage());
                    return null;
                }
                // why: an abort ends the wait at once, and no attempt follows it
                if (run.awaitAbort(Math.min(backoff, Math.max(1, left / 1_000_000)))) {
                    drop("cannot connect: " + e.getMessage());
                    return null;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private boolean setUp() throws InterruptedException {
        Duration limit = run.settings().setupTimeout();
        if (run.settings().overlay() != null) {
            try {
                worker.connection().copyOverlay(run.settings().overlay(), limit);
            } catch (IOException | UnsupportedOperationException e) {
                drop("the overlay could not be copied: " + e.getMessage());
                return false;
            }
        }
        if (!run.settings().transfers().isEmpty()) {
            try {
                workingDirectory.create(worker, run.settings().transfers(), limit);
            } catch (IOException | UnsupportedOperationException e) {
                drop("the --transfer files could not be copied: " + e.getMessage());
                return false;
            }
        }
        if (run.settings().pre() != null) {
            String problem = SetupCommand.run(worker.connection(), "pre", run.settings().pre(), setupEnvironment(),
                    limit, run.killGrace(), run::aborting);
            if (problem != null) {
                drop(problem);
                return false;
            }
        }
        return true;
    }

    private Map<String, String> setupEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(run.settings().jobEnvironment());
        env.put("CLOUDTASK_SESSION", Long.toString(run.sessionId()));
        env.put("CLOUDTASK_WORKER", worker.name());
        return env;
    }

    private void drop(String reason) {
        worker.fail(reason);
        run.recorder().worker(worker.name(), "dropped", reason, worker.name() + ": dropped, " + reason);
        run.workerDropped(worker);
    }
}
