package org.cloudtask.core.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.session.JournalRecords;

/**
 * The workers this session launched: launches them through the provisioner on a thread of its own, records each in
 * the journal (durably, before it is used), hands ready ones to the pool, and destroys them (retrying) when they
 * leave the pool, on abort, and at the end. Also destroys workers an earlier, crashed controller launched and never
 * recorded as destroyed.
 */
final class Launches implements LaunchListener {

    private static final int DESTROY_ATTEMPTS = 4;
    private static final long FIRST_DESTROY_BACKOFF_MILLIS = 1000;
    private static final long JOURNAL_WAIT_MILLIS = 60_000;

    private final TaskRun run;
    private final Provisioner provisioner;
    private final Map<String, LaunchedWorker> undestroyed = new ConcurrentHashMap<>();
    private final List<Thread> launchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> replaced = ConcurrentHashMap.newKeySet();
    private final java.util.Set<Thread> stopped = ConcurrentHashMap.newKeySet();
    private volatile int replacementsLeft;
    private final java.util.concurrent.atomic.AtomicInteger launchesUnderWay = new java.util.concurrent.atomic.AtomicInteger();

    Launches(TaskRun run, Provisioner provisioner, List<LaunchedWorker> fromEarlierRuns) {
        this.run = run;
        this.provisioner = provisioner;
        for (LaunchedWorker w : fromEarlierRuns) undestroyed.put(w.instanceId(), w);
    }

    /**
     * Starts launching {@code count} workers in the background. As many replacements as that may be launched later
     * for launched workers that fail ({@link #replace}), so a cloud that keeps giving broken machines costs a bounded
     * number of launches.
     */
    void start(int count) {
        replacementsLeft = count;
        launch(count, "launching " + count + (count == 1 ? " worker" : " workers") + " (" + provisioner.describe() + ")");
    }

    /**
     * A launched worker left the pool before the work was done (it did not answer or failed): launches one more in its place while work remains and replacements are left.
     */
    synchronized void replace(LaunchedWorker gone, String why) {
        if (!replaced.add(gone.instanceId()) || !run.wantsMoreWorkers()) return;
        if (replacementsLeft <= 0) {
            run.recorder().line("no replacement for " + name(gone) + " (" + why + "): the replacements are used up");
            return;
        }
        replacementsLeft--;
        launch(1, "launching a replacement for " + name(gone) + " (" + why + ")");
    }

    /**
     * No worker is left while jobs wait (the launched ones left when they ran dry, and the job came back later):
     * launches one more while replacements are left. False when none is launched.
     */
    synchronized boolean relaunch(String why) {
        if (replacementsLeft <= 0 || !run.wantsMoreWorkers()) return false;
        replacementsLeft--;
        launch(1, "launching a worker (" + why + ")");
        return true;
    }

    private void launch(int count, String line) {
        run.recorder().line(line);
        launchesUnderWay.incrementAndGet();
        Thread t = new Thread(() -> {
            try {
                provisioner.launch(count, this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                run.recorder().line("launching workers failed: " + e.getMessage());
            } finally {
                // why: a slot may wait for a job that failed elsewhere while a launch might still bring a worker;
                // launching() is false before the wake-up, so the woken slot sees it
                launchesUnderWay.decrementAndGet();
                run.wakeUpAll();
            }
        }, "cloudtask-launcher");
        t.setDaemon(true);
        launchers.add(t);
        t.start();
    }

    /** True while the provisioner may still report new workers. */
    boolean launching() {
        return launchesUnderWay.get() > 0;
    }

    /**
     * Stops launching: the provisioner destroys what is not ready yet. Each launch is interrupted once only: the run
     * calls this again while it waits, and a second interrupt would cut short the provisioner's own clean-up
     * (terminating the instances still booting).
     */
    void stopLaunching() {
        for (Thread t : launchers) {
            if (stopped.add(t)) t.interrupt();
        }
    }

    /** Waits up to {@code millis} for every launch to end. */
    void awaitLauncher(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread t : launchers) t.join(Math.max(1, deadline - System.currentTimeMillis()));
    }

    @Override
    public void created(LaunchedWorker worker) {
        undestroyed.put(worker.instanceId(), worker);
        run.cloudUse().launched(worker);
        run.session().journal().append(JournalRecords.launch(worker.launchedAt().toEpochMilli(), "created",
                worker.instanceId(), worker.instanceType() == null ? "-" : worker.instanceType()), null);
        syncJournal();
    }

    @Override
    public void ready(LaunchedWorker worker) {
        undestroyed.put(worker.instanceId(), worker);
        run.session().journal().append(JournalRecords.launch(System.currentTimeMillis(), "ready",
                worker.instanceId(), worker.address().toString()), null);
        syncJournal();
        if (run.aborting() || !run.wantsMoreWorkers()) {
            destroy(worker);
            return;
        }
        run.addLaunchedWorker(worker);
    }

    @Override
    public void failed(LaunchedWorker worker, String reason) {
        String id = worker == null ? "-" : worker.instanceId();
        run.recorder().record(JournalRecords.launch(System.currentTimeMillis(), "failed", id, reason));
        run.recorder().line("launching a worker failed: " + reason);
        // why: the provisioner has tried to destroy it; one more try costs nothing and leaves no doubt
        if (worker != null) destroy(worker);
    }

    private void syncJournal() {
        try {
            run.session().journal().sync(JOURNAL_WAIT_MILLIS);
        } catch (IOException e) {
            run.recorder().line("cannot record a launched worker: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Destroys a launched worker, retrying with backoff; records the outcome. */
    void destroy(LaunchedWorker worker) {
        // why: destroying is what stops the bill, so an interrupt (abort) must not cut it short; restored below
        boolean interrupted = Thread.interrupted();
        try {
            destroyRetrying(worker);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void destroyRetrying(LaunchedWorker worker) {
        long backoff = FIRST_DESTROY_BACKOFF_MILLIS;
        String problem = null;
        for (int attempt = 1; attempt <= DESTROY_ATTEMPTS; attempt++) {
            try {
                provisioner.destroy(worker);
                undestroyed.remove(worker.instanceId());
                run.cloudUse().destroyed(worker.instanceId(), System.currentTimeMillis());
                run.recorder().record(JournalRecords.launch(System.currentTimeMillis(), "destroyed",
                        worker.instanceId(), null));
                run.recorder().line(name(worker) + ": destroyed");
                return;
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
            } catch (InterruptedException e) {
                problem = "interrupted";
            }
            if (attempt < DESTROY_ATTEMPTS) sleepQuietly(backoff);
            backoff *= 2;
        }
        run.recorder().record(JournalRecords.launch(System.currentTimeMillis(), "destroy-failed",
                worker.instanceId(), problem));
        run.recorder().line(name(worker) + ": could not be destroyed after " + DESTROY_ATTEMPTS + " attempts ("
                + problem + "); destroy " + worker.instanceId() + " by hand");
    }

    /** Destroys every launched worker not yet destroyed (the end of a run, or orphans of a crashed controller). */
    void destroyAll() {
        for (LaunchedWorker w : new ArrayList<>(undestroyed.values())) destroy(w);
    }

    boolean allDestroyed() {
        return undestroyed.isEmpty();
    }

    List<LaunchedWorker> undestroyed() {
        return new ArrayList<>(undestroyed.values());
    }

    private static String name(LaunchedWorker w) {
        return w.address() == null ? w.instanceId() : w.address().displayName();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // why: see destroy(); the interrupt is restored when destroying is over
        }
    }
}
