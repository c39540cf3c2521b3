package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.text.Counted;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * One run of a task by this controller (a new task or a resume): starts the feeder and the workers, waits for them,
 * handles abort, and returns the summary. The session stays open for exactly as long as the run.
 */
final class TaskRun {

    private static final int QUEUE_CAPACITY = 4096;
    private static final long WAIT_STEP_MILLIS = 200;
    // why: a second abort must not wait long on a worker that does not answer
    private static final Duration SECOND_ABORT_WITHDRAW = Duration.ofSeconds(1);

    private final TaskSettings settings;
    private final EngineLimits limits;
    private final Session session;
    private final Transport transport;
    private final Provisioner provisioner;
    private final JobStates states;
    private final TaskEvents events;
    private final Tally tally = new Tally();
    private final Recorder recorder;
    private final JobQueue queue = new JobQueue(QUEUE_CAPACITY);
    private final AheadJobs aheads = new AheadJobs();
    private final AtomicInteger slotNumbers = new AtomicInteger();
    private final WorkerPool pool;
    private final List<WorkerRunner> lives = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Launches launches;
    private final HealthWatch health;
    private final CloudUse cloudUse = new CloudUse();
    private final java.util.Set<SlotSteps> slots = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Dispatch dispatch = new Dispatch();
    private final long startNanos = System.nanoTime();
    private volatile boolean aborting;
    // why a latch besides the flag: what waits out a delay (a worker's connect backoff) wakes the moment an abort comes
    private final java.util.concurrent.CountDownLatch abortSignal = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean killingNow;
    private volatile boolean haltingNow;
    private final HaltWatch haltWatch;
    private volatile String stopReason;
    private volatile org.cloudtask.core.input.InputException inputError;

    TaskRun(TaskSettings settings, Session session, Transport transport, Provisioner provisioner, TaskEvents events,
            JobStates states) {
        this(settings, session, transport, provisioner, events, states, EngineLimits.DEFAULT);
    }

    TaskRun(TaskSettings settings, Session session, Transport transport, Provisioner provisioner, TaskEvents events,
            JobStates states, EngineLimits limits) {
        this.settings = settings;
        this.limits = limits;
        this.session = session;
        this.transport = transport;
        this.pool = new WorkerPool(transport.connectsAtOnce());
        // why: what it launches must carry the session's id (EC2 tags, CLOUDTASK_SESSION) to be found after a crash
        this.provisioner = provisioner == Provisioner.NONE ? provisioner : provisioner.forSession(session.id());
        this.states = states;
        this.events = events;
        this.recorder = new Recorder(session, events, states, tally);
        this.launches = new Launches(this, this.provisioner, session.history() == null ? List.of()
                : session.history().undestroyedWorkers());
        for (JobState s : JobState.values()) {
            long n = states.count(s);
            if (s == JobState.SUCCEEDED) tally.ok.set(n);
            if (s == JobState.FAILED) tally.failed.set(n);
            if (s == JobState.TIMED_OUT) tally.timeouts.set(n);
        }
        this.health = new HealthWatch(settings, this::workerFailed, dispatch.timer());
        // why: a journal that fails makes every slot unwanted (journalWorks), which no other event would tell it
        session.journal().onFailure(this::wakeUpAll);
        this.haltWatch = new HaltWatch(settings.halt());
    }

    TaskSettings settings() { return settings; }
    EngineLimits limits() { return limits; }
    Session session() { return session; }
    long sessionId() { return session.id(); }
    Transport transport() { return transport; }
    Recorder recorder() { return recorder; }

    Progress progressNow() { return recorder.progressNow(session.inputComplete()); }
    TaskEvents events() { return events; }
    JobQueue queue() { return queue; }
    /** Jobs queued on workers behind running ones, not started yet (see {@link Lookahead}). */
    AheadJobs aheads() { return aheads; }
    JobStates states() { return states; }
    boolean aborting() { return aborting; }

    /** Waits {@code millis}, or less if an abort comes; true when the run is aborting. */
    boolean awaitAbort(long millis) throws InterruptedException {
        return abortSignal.await(millis, TimeUnit.MILLISECONDS);
    }
    boolean killingNow() { return killingNow; }
    /** A {@code --halt now} came: running jobs are killed like in an abort, and stay pending. */
    boolean haltingNow() { return haltingNow; }
    int nextSlotNumber() { return slotNumbers.incrementAndGet(); }
    CloudUse cloudUse() { return cloudUse; }
    /** The threads the slots share. */
    Dispatch dispatch() { return dispatch; }

    /** False once the journal could not be written: nothing more may run, since no result could be recorded. */
    boolean journalWorks() {
        return session.journal().failure() == null;
    }

    /** The grace between TERM and KILL: none once a second abort came. */
    Duration killGrace() {
        return killingNow ? Duration.ZERO : settings.killGrace();
    }

    /** Runs until every job has a result, no worker is left, or an abort; {@code feeder} supplies the jobs. */
    Summary execute(Runnable feeder) {
        recorder.record(JournalRecords.run(session.run(), System.currentTimeMillis(), ProcessHandle.current().pid(),
                org.cloudtask.core.session.Hosts.localName()));
        destroyOrphans();
        recorder.rewriteFailedInputs();
        Thread feederThread = new Thread(feeder, "cloudtask-feeder");
        feederThread.setDaemon(true);
        feederThread.start();
        startWorkers();
        try {
            waitForWorkers();
            queue.stop();
            // why: the input is stored to its end even after an abort, so nothing pending is lost; only a second
            // abort gives up on an input that may never end
            boolean told = false;
            while (feederThread.isAlive() && !killingNow) {
                feederThread.join(WAIT_STEP_MILLIS);
                if (aborting && !told && feederThread.isAlive()) {
                    told = true;
                    recorder.line("aborted: saving the rest of the input as pending jobs until it ends; abort again"
                            + " to stop reading it");
                }
            }
            if (feederThread.isAlive()) inputAbandoned();
        } catch (InterruptedException e) {
            abort();
            Thread.currentThread().interrupt();
        } finally {
            health.stop();
            endLaunches();
            // why only then: after an interrupt, slots still living must be able to kill their jobs; the shared
            // threads end by themselves once idle
            if (!pool.anyLiving()) dispatch.stop();
        }
        return finish();
    }

    private void inputAbandoned() {
        recorder.line("second abort: the rest of the input was not read and is not saved in session " + session.id()
                + " (" + session.jobs().count() + " job lines were saved); run the unread lines as a new task");
    }

    /** For a session with nothing left to run: only destroys what earlier controllers left launched. */
    void cleanUpOnly() {
        if (launches.undestroyed().isEmpty()) return;
        recorder.record(JournalRecords.run(session.run(), System.currentTimeMillis(), ProcessHandle.current().pid(),
                org.cloudtask.core.session.Hosts.localName()));
        destroyOrphans();
        endLaunches();
        syncJournal();
    }

    /** Waits while a worker works or may still be launched; stops launching once there is no work left. */
    private void waitForWorkers() throws InterruptedException {
        while (true) {
            boolean living = pool.anyLiving();
            boolean launching = launches.launching();
            if (!living && !launching) break;
            if (launching && (queue.drained() || aborting || stopReason != null)) launches.stopLaunching();
            // why: a worker still connecting when no work is left would only hold up the end of the run
            if (!wantsMoreWorkers()) lives.forEach(WorkerRunner::abandonIfConnecting);
            if (living) pool.awaitNoneLiving(WAIT_STEP_MILLIS);
            else launches.awaitLauncher(WAIT_STEP_MILLIS);
        }
        if (!queue.drained() && !aborting) stop("no worker is left to run jobs");
    }

    private void endLaunches() {
        launches.stopLaunching();
        try {
            launches.awaitLauncher(TimeUnit.MINUTES.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launches.destroyAll();
        // why: the snapshot skips journal records, so it may only stand for a session with no launched worker alive
        if (launches.allDestroyed()) session.keepStates(states);
    }

    private void destroyOrphans() {
        List<org.cloudtask.core.provision.LaunchedWorker> orphans = launches.undestroyed();
        if (orphans.isEmpty()) return;
        String ids = orphans.stream().map(org.cloudtask.core.provision.LaunchedWorker::instanceId)
                .collect(java.util.stream.Collectors.joining(" "));
        if (provisioner == Provisioner.NONE) {
            recorder.line(orphans.size() + " workers launched by an earlier controller of this session are not"
                    + " recorded as destroyed and no provisioner is configured to destroy them; destroy them by hand: "
                    + ids);
            return;
        }
        recorder.line("destroying " + orphans.size() + " workers launched by an earlier controller of this session"
                + " and not recorded as destroyed: " + ids);
        launches.destroyAll();
    }

    private void startWorkers() {
        // why: with a provisioner, workers not listed are launched, never made up by the transport (local ones)
        List<WorkerAddress> listed = settings.workers().isEmpty() && provisioner == Provisioner.NONE
                ? transport.defaultWorkers(settings.split()) : settings.workers();
        List<WorkerAddress> used = listed.subList(0, Math.min(listed.size(), settings.split()));
        if (used.size() < listed.size()) {
            recorder.line("using " + used.size() + " of the " + listed.size() + " listed workers (split "
                    + settings.split() + ")");
        }
        int missing = settings.split() - used.size();
        if (missing > 0 && provisioner == Provisioner.NONE) {
            recorder.line("split " + settings.split() + " asks for " + missing + " more workers than listed, and no way"
                    + " to launch workers was configured; going on with " + used.size());
        } else if (missing > 0) {
            launches.start(missing);
        }
        if (used.isEmpty() && missing > 0 && provisioner == Provisioner.NONE) stop("there are no workers to run jobs on");
        for (WorkerAddress address : used) startWorker(new Worker(address), Duration.ZERO);
    }

    private void startWorker(Worker worker, Duration connectPatience) {
        WorkerRunner life = new WorkerRunner(this, worker, connectPatience);
        lives.add(life);
        pool.start(worker, life);
    }

    /** A launched worker is ready: it joins the pool, with the boot timeout to answer its first connection. */
    void addLaunchedWorker(org.cloudtask.core.provision.LaunchedWorker launched) {
        startWorker(new Worker(launched.address(), launched), settings.bootTimeout());
    }

    /** Whether a worker that just became ready is still of use. */
    boolean wantsMoreWorkers() {
        return !queue.drained() && stopReason == null && !aborting;
    }

    Launches launches() {
        return launches;
    }

    /**
     * Pings the worker every ping interval while it is in the pool; enough failures in a row fail it. A launched
     * worker the cloud may take back is also checked for the interruption notice.
     */
    void watchHealth(Worker worker) {
        health.watch(worker);
        String check = worker.launched() == null ? null : provisioner.interruptionCheck(worker.launched());
        if (check != null) health.watchInterruption(worker, check, this::workerPreempted, recorder::line);
    }

    /** A spot worker got its interruption notice: it takes no new job, its running jobs go back, one replaces it. */
    void workerPreempted(Worker worker) {
        if (worker.left() || !worker.preempt()) return;
        recorder.worker(worker.name(), "preempted", "spot interruption notice", worker.name()
                + ": spot interruption notice; no new jobs, its running jobs go back to the queue");
        replaceIfLaunched(worker, "spot interruption notice");
        wakeUpAll();
        checkPool(true);
    }

    /** The worker's slots are done: it is no longer pinged, and no late failure of it counts (nor replaces it). */
    void workerFailed(Worker worker, String reason) {
        if (worker.left() || !worker.fail(reason)) return;
        recorder.worker(worker.name(), "failed", reason, worker.name() + ": failed (" + reason
                + "); its jobs go back to the queue");
        replaceIfLaunched(worker, "failed");
        wakeUpAll();
        checkPool(true);
    }

    void workerRetired(Worker worker) {
        recorder.worker(worker.name(), "retired", settings.strikes() + " consecutive failures",
                worker.name() + ": retired after " + settings.strikes() + " consecutive failures");
        // why: no replacement; strikes usually say more about the jobs than about the machine
        wakeUpAll();
        checkPool(false);
    }

    /**
     * A worker's life in the pool is over. Why the wake-up: a job that failed on another worker may have waited for
     * this one, and now goes to any worker left.
     */
    /** The worker's slots have all ended: it is never pinged, failed nor replaced after this (called again: no-op). */
    void workerLeft(Worker worker) {
        worker.leave();
        health.forget(worker);
        wakeUpAll();
    }

    /** A slot, told from now on whenever something a slot must act on happens (see {@link SlotSteps}). */
    void watchSlot(SlotSteps slot) {
        slots.add(slot);
    }

    void unwatchSlot(SlotSteps slot) {
        slots.remove(slot);
    }

    /** A worker's life is over (see {@link WorkerPool#ended}). */
    void lifeEnded() {
        pool.ended();
    }

    /**
     * Something every waiting slot must look at happened (abort, halt, a worker failed or left, the journal failed, a
     * launch ended): wakes the slots waiting for work and those waiting for their commands. Why not polling: a slot
     * then acts the moment it happens, and an idle run costs nothing.
     */
    void wakeUpAll() {
        queue.wakeUp();
        for (SlotSteps s : slots) s.news();
    }

    /** A launched worker that could not be connected to or set up. */
    void workerDropped(Worker worker) {
        replaceIfLaunched(worker, "dropped");
    }

    private void replaceIfLaunched(Worker worker, String why) {
        if (worker.launched() != null) launches.replace(worker.launched(), why);
    }

    /**
     * Whether a worker other than {@code worker} could run {@code job}: one still in the pool where it has not failed,
     * or one still being launched.
     */
    boolean otherWorkerCanRun(Worker worker, QueuedJob job) {
        return launches.launching() || pool.anyActive(w -> w != worker && !job.hasFailedOn(w.name()));
    }

    /** {@code relaunch}: when no worker is left, launch one (within the allowance) rather than stop. */
    private void checkPool(boolean relaunch) {
        if (launches.launching() || pool.anyActive(w -> true)) return;
        // why: launched workers leave as soon as they run dry; a job lost afterwards gets one launched for it
        if (relaunch && launches.relaunch("jobs wait and no worker is left")) return;
        stop("every worker failed or was retired");
    }

    /** Stops handing out jobs; what has no result stays pending. */
    void stop(String reason) {
        if (stopReason == null) stopReason = reason;
        queue.stop();
        wakeUpAll();
    }

    /** Counts a job's final result; when the {@code --halt} policy is reached, stops the run. */
    void finalResult(boolean failure) {
        String reason = haltWatch.count(failure);
        if (reason == null) return;
        recorder.line(reason + (settings.halt().now() ? "; killing the running jobs" : "; running jobs may finish"));
        if (settings.halt().now()) haltingNow = true;
        stop(reason);
        launches.stopLaunching();
    }

    void inputFailed(org.cloudtask.core.input.InputException error) {
        inputError = error;
        // why: during an abort the rest of the input is still read; a bad line there ends the reading, not the grace
        if (!aborting) abort();
    }

    /** First call: no new job, running ones killed with the grace period. Second call: kill without grace. */
    void abort() {
        if (aborting) {
            killingNow = true;
            wakeUpAll();
            Thread killer = new Thread(this::killAllNow, "cloudtask-abort");
            killer.setDaemon(true);
            killer.start();
            return;
        }
        aborting = true;
        abortSignal.countDown();
        queue.stop();
        wakeUpAll();
        launches.stopLaunching();
    }

    private void killAllNow() {
        // why: a job queued behind a running one would start the moment that one is killed; the first abort's slots
        // have usually withdrawn them already
        for (Ahead ahead : aheads.claimAll()) {
            try {
                if (ahead.takeBack(SECOND_ABORT_WITHDRAW)) queue.giveBack(ahead.job());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // why each on a thread of its own, outside the pool's lock: a kill may wait on a worker that does not answer,
        // and neither the other kills nor dispatch (which asks the pool which workers are active) may wait behind it
        for (RunningCommand command : pool.running()) {
            Thread t = new Thread(() -> killQuietly(command, Duration.ZERO), "cloudtask-abort-kill");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Kills a command of a failed worker without holding up its slot. */
    void killQuietlyLater(RunningCommand command) {
        Thread t = new Thread(() -> killQuietly(command, settings.killGrace()), "cloudtask-kill");
        t.setDaemon(true);
        t.start();
    }

    private static void killQuietly(RunningCommand command, Duration grace) {
        try {
            command.kill(grace);
        } catch (IOException e) {
            // why: the worker is failing or the job is ending anyway; nothing better to do than move on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Summary finish() {
        syncJournal();
        recorder.rewriteFailedInputs();
        long pending = states.count(JobState.PENDING) + states.count(JobState.RUNNING);
        String why = aborting || pending == 0 ? null : stopReason;
        String reason = why == null ? null
                : why + "; " + Counted.of(pending, "job") + (pending == 1 ? " remains" : " remain") + " pending";
        boolean inputIncomplete = !aborting && !session.inputComplete();
        Summary summary = new Summary(session.id(), Duration.ofNanos(System.nanoTime() - startNanos),
                session.jobs().count(), states.count(JobState.SUCCEEDED), states.count(JobState.FAILED),
                states.count(JobState.TIMED_OUT), pending, tally.lost.get(), aborted(), reason, inputIncomplete);
        recorder.line(SummaryLine.of(summary, why));
        BuildFailures.summaryLines(session, states).forEach(recorder::line);
        if (inputIncomplete) recorder.line(incompleteInput(session));
        String cloud = cloudUse.line(System.currentTimeMillis(), settings.instancePrice());
        if (cloud != null) recorder.line(cloud);
        events.progress(recorder.progressNow(session.inputComplete()));
        syncJournal();
        return summary;
    }

    /** Says that lines of the session's input never reached it; only a new task can run them. */
    static String incompleteInput(Session session) {
        return "the input of session " + session.id() + " was not read to its end (an abort or a read error stopped"
                + " it): the session holds its first " + session.jobs().count() + " jobs; run the lines after them as a"
                + " new task";
    }

    /** Waits for the journal; a journal that cannot be written is reported by the caller of the run. */
    private void syncJournal() {
        try {
            session.journal().sync(limits.journalWait().toMillis());
        } catch (IOException e) {
            // why: the failure (a timeout too) stays in journal().failure(), which CloudTask turns into the run's error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean aborted() {
        return aborting && inputError == null;
    }

    /** The input error that stopped the run, or null. */
    org.cloudtask.core.input.InputException inputError() {
        return inputError;
    }

}
