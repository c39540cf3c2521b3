package org.cloudtask.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.Session;
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

    private final TaskSettings settings;
    private final Session session;
    private final Transport transport;
    private final Provisioner provisioner;
    private final JobStates states;
    private final Tally tally = new Tally();
    private final Recorder recorder;
    private final JobQueue queue = new JobQueue(QUEUE_CAPACITY);
    private final AtomicInteger slotNumbers = new AtomicInteger();
    private final List<Worker> workers = new ArrayList<>();
    private final ScheduledExecutorService health;
    private final long startNanos = System.nanoTime();
    private volatile boolean aborting;
    private volatile boolean killingNow;
    private volatile String stopReason;
    private volatile org.cloudtask.core.input.InputException inputError;

    TaskRun(TaskSettings settings, Session session, Transport transport, Provisioner provisioner, TaskEvents events,
            JobStates states) {
        this.settings = settings;
        this.session = session;
        this.transport = transport;
        this.provisioner = provisioner;
        this.states = states;
        this.recorder = new Recorder(session, events, states, tally);
        session.keepStates(states);
        for (JobState s : JobState.values()) {
            long n = states.count(s);
            if (s == JobState.SUCCEEDED) tally.ok.set(n);
            if (s == JobState.FAILED) tally.failed.set(n);
            if (s == JobState.TIMED_OUT) tally.timeouts.set(n);
        }
        AtomicInteger pingThreads = new AtomicInteger();
        this.health = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "cloudtask-ping-" + pingThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    TaskSettings settings() { return settings; }
    Session session() { return session; }
    long sessionId() { return session.id(); }
    Transport transport() { return transport; }
    Recorder recorder() { return recorder; }
    JobQueue queue() { return queue; }
    JobStates states() { return states; }
    boolean aborting() { return aborting; }
    boolean killingNow() { return killingNow; }
    int nextSlotNumber() { return slotNumbers.incrementAndGet(); }

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
        Thread feederThread = new Thread(feeder, "cloudtask-feeder");
        feederThread.setDaemon(true);
        feederThread.start();
        List<Thread> workerThreads = startWorkers();
        try {
            for (Thread t : workerThreads) {
                while (t.isAlive()) t.join(WAIT_STEP_MILLIS);
            }
            queue.stop();
            // why: after an abort the input is not waited for (it may never end); otherwise it is stored to its end
            while (feederThread.isAlive() && !aborting) feederThread.join(WAIT_STEP_MILLIS);
        } catch (InterruptedException e) {
            abort();
            Thread.currentThread().interrupt();
        } finally {
            health.shutdownNow();
        }
        return finish();
    }

    private List<Thread> startWorkers() {
        List<WorkerAddress> listed = settings.workers().isEmpty()
                ? transport.defaultWorkers(settings.split()) : settings.workers();
        List<WorkerAddress> used = listed.subList(0, Math.min(listed.size(), settings.split()));
        if (used.size() < settings.split()) {
            recorder.line("split " + settings.split() + " asks for " + (settings.split() - used.size())
                    + " more workers than listed, and launching workers is not supported yet ("
                    + provisioner.describe() + "); going on with " + used.size());
        }
        if (used.isEmpty()) stop("there are no workers to run jobs on");
        List<Thread> threads = new ArrayList<>();
        for (WorkerAddress address : used) {
            Worker worker = new Worker(address);
            workers.add(worker);
            Thread t = new Thread(new WorkerRunner(this, worker, Duration.ZERO), "cloudtask-worker-" + worker.name());
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /** Pings the worker every ping interval while it is in the pool; enough failures in a row fail it. */
    void watchHealth(Worker worker) {
        long every = Math.max(1, settings.pingInterval().toMillis());
        health.scheduleWithFixedDelay(() -> {
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
                workerFailed(worker, settings.pingRetries() + " pings in a row got no answer within "
                        + settings.pingTimeout().toSeconds() + " s");
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void workerFailed(Worker worker, String reason) {
        if (!worker.fail(reason)) return;
        recorder.worker(worker.name(), "failed", reason, worker.name() + ": failed (" + reason
                + "); its jobs go back to the queue");
        queue.wakeUp();
        checkPool();
    }

    void workerRetired(Worker worker) {
        recorder.worker(worker.name(), "retired", settings.strikes() + " consecutive failures",
                worker.name() + ": retired after " + settings.strikes() + " consecutive failures");
        queue.wakeUp();
        checkPool();
    }

    private void checkPool() {
        synchronized (workers) {
            for (Worker w : workers) {
                if (w.active()) return;
            }
        }
        stop("every worker failed or was retired");
    }

    /** Stops handing out jobs; what has no result stays pending. */
    void stop(String reason) {
        if (stopReason == null) stopReason = reason;
        queue.stop();
    }

    void inputFailed(org.cloudtask.core.input.InputException error) {
        inputError = error;
        abort();
    }

    /** First call: no new job, running ones killed with the grace period. Second call: kill without grace. */
    void abort() {
        if (aborting) {
            killingNow = true;
            Thread killer = new Thread(this::killAllNow, "cloudtask-abort");
            killer.setDaemon(true);
            killer.start();
            return;
        }
        aborting = true;
        queue.stop();
    }

    private void killAllNow() {
        synchronized (workers) {
            for (Worker w : workers) {
                for (RunningCommand c : w.running()) killQuietly(c, Duration.ZERO);
            }
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
        try {
            session.journal().sync(60_000);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        long pending = states.count(JobState.PENDING) + states.count(JobState.RUNNING);
        String reason = aborting ? null : stopReason;
        if (reason != null && pending > 0) {
            reason = reason + "; " + pending + " jobs remain pending";
        } else if (pending == 0) {
            reason = null;
        }
        Summary summary = new Summary(session.id(), Duration.ofNanos(System.nanoTime() - startNanos),
                session.jobs().count(), states.count(JobState.SUCCEEDED), states.count(JobState.FAILED),
                states.count(JobState.TIMED_OUT), pending, tally.lost.get(), aborted(), reason);
        recorder.line(SummaryLine.of(summary));
        if (reason != null) recorder.line(reason + "; resume with --resume " + session.id());
        try {
            session.journal().sync(60_000);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        return summary;
    }

    private boolean aborted() {
        return aborting && inputError == null;
    }

    /** The input error that stopped the run, or null. */
    org.cloudtask.core.input.InputException inputError() {
        return inputError;
    }

}
