package org.cloudtask.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cloudtask.core.input.InputLineReader;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;
import org.cloudtask.core.local.LocalTransport;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.session.SessionsDirectory;
import org.cloudtask.core.text.Counted;
import org.cloudtask.core.worker.Transport;

/**
 * The engine's front door: what the CLI and the Jenkins plugin call. It only wires collaborators together; the work
 * is done by the dispatcher, the worker lifecycle and the session journal.
 *
 * <p>API contract (shared by every module; change it only together with its callers):
 * <ul>
 *   <li>{@link #run} creates the next session in the sessions directory and runs every job read from the input,
 *       streamed: the first job starts before the input has been read to the end. An input without a single job
 *       line creates no session and throws {@link CloudTaskException} "no jobs" with exit code 0.</li>
 *   <li>{@link #resume} runs the pending jobs of a session; {@link #retry} first re-queues its failed and timed-out
 *       jobs. Both take the saved settings through {@code overrides}, which returns the settings to use. Resuming a
 *       session with nothing left to run throws {@link CloudTaskException} "session N finished" with exit code 0.</li>
 *   <li>{@link #abort} may be called from any thread (a signal handler, a Jenkins abort): no new job starts, running
 *       jobs are killed and recorded as aborted (pending), launched workers are destroyed, the session is saved, and
 *       the running {@code run}/{@code resume} returns a summary with {@code aborted() == true}. A second call skips
 *       the kill grace period. An abort that comes before the run has started stops it as soon as it starts.</li>
 *   <li>User errors (unknown session, session locked by another controller, sessions directory not writable, a
 *       finished session, an input line that is not UTF-8 text) are thrown as {@link CloudTaskException} with a
 *       one-line message. A bad input line met after jobs started stops the run like an abort (the session keeps
 *       the jobs before it) and is then thrown.</li>
 * </ul>
 */
public final class CloudTask {

    private final SessionsDirectory sessions;
    private final Transport transport;
    private final Provisioner provisioner;
    private final TaskEvents events;
    private final EngineLimits limits;
    private TaskRun current;
    private int earlyAborts;

    private CloudTask(Builder builder) {
        this.sessions = new SessionsDirectory(Objects.requireNonNull(builder.sessionsDirectory, "sessionsDirectory"));
        this.transport = builder.transport == null ? new LocalTransport() : builder.transport;
        this.provisioner = builder.provisioner;
        this.events = builder.events;
        this.limits = builder.limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a session's saved settings, so a front end can rebuild its transport and provisioner to resume it. */
    public static TaskSettings savedSettings(Path sessionsDirectory, long sessionId) {
        return Session.settings(new SessionsDirectory(sessionsDirectory), sessionId);
    }

    /**
     * Workers this session launched that its journal does not record as destroyed (e.g. its controller crashed): they
     * may still run and cost money. Reads the session without locking or changing it. A resume with a provisioner
     * destroys them first.
     */
    public static java.util.List<org.cloudtask.core.provision.LaunchedWorker> launchedNotDestroyed(
            Path sessionsDirectory, long sessionId) {
        return Session.launchedNotDestroyed(new SessionsDirectory(sessionsDirectory), sessionId);
    }

    public Summary run(TaskSettings settings, InputStream inputs) {
        SettingsCheck.check(settings);
        refuseSharedLocalReturns(settings);
        InputLineReader reader = new InputLineReader(inputs, settings.inputMode());
        String first = firstJobLine(reader, settings);
        if (first == null) throw new CloudTaskException("no jobs: the input has no job lines", 0);
        Session session = Session.create(sessions, settings);
        return execute(session, settings, new JobStates(), run -> new InputFeeder(run, reader, first));
    }

    public Summary resume(long sessionId, UnaryOperator<TaskSettings> overrides) {
        return resume(sessionId, overrides, false);
    }

    public Summary retry(long sessionId, UnaryOperator<TaskSettings> overrides) {
        return resume(sessionId, overrides, true);
    }

    private Summary resume(long sessionId, UnaryOperator<TaskSettings> overrides, boolean retryFailed) {
        TaskSettings settings = overrides.apply(Session.settings(sessions, sessionId));
        SettingsCheck.check(settings);
        refuseSharedLocalReturns(settings);
        Session session = Session.resume(sessions, sessionId, settings);
        try {
            Recovery recovery = new Recovery(session);
            String recovered = recovery.recoverInterrupted();
            long requeued = retryFailed ? recovery.requeueFailed() : 0;
            JobStates states = session.history().states();
            if (states.count(JobState.PENDING) == 0) {
                new TaskRun(settings, session, transport, provisioner, events, states).cleanUpOnly();
                CloudTaskException finished = finished(session, retryFailed);
                session.close();
                throw finished;
            }
            if (recovered != null) session.journal().append(null, () -> {
                session.log(recovered);
                events.log(recovered);
            });
            if (requeued > 0) {
                String line = requeued + " failed or timed-out jobs of session " + sessionId + " run again";
                session.journal().append(null, () -> {
                    session.log(line);
                    events.log(line);
                });
            }
            return execute(session, settings, states, run -> new PendingFeeder(run, session.history()));
        } catch (IOException e) {
            closeQuietly(session);
            throw new CloudTaskException("cannot resume session " + sessionId + " (" + e.getMessage()
                    + "); check the disk and the session directory");
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /**
     * Nothing is left to run. Exit status 0 only when every job of the session succeeded and its input was read to
     * the end; else 1, naming what failed (jobs that failed to build first) and what is missing.
     */
    private static CloudTaskException finished(Session session, boolean retry) {
        JobStates states = session.history().states();
        long failed = states.count(JobState.FAILED);
        long timeouts = states.count(JobState.TIMED_OUT);
        StringBuilder message = new StringBuilder("session " + session.id() + " finished");
        if (retry && failed + timeouts == 0) message.append(": no failed or timed-out jobs to retry");
        if (retry && failed + timeouts > 0) message.append(": its failed jobs failed to build and cannot be retried");
        if (!retry && failed + timeouts > 0) {
            message.append(": ").append(Counted.of(states.size(), "job")).append(", ")
                    .append(states.count(JobState.SUCCEEDED)).append(" ok, ").append(failed).append(" failed, ")
                    .append(Counted.of(timeouts, "timeout"));
        }
        for (String line : BuildFailures.summaryLines(session, states)) message.append("; ").append(line);
        boolean incomplete = !session.history().inputComplete();
        if (incomplete) message.append("; ").append(TaskRun.incompleteInput(session));
        return new CloudTaskException(message.toString(), failed + timeouts == 0 && !incomplete ? 0 : 1);
    }

    private Summary execute(Session session, TaskSettings settings, JobStates states,
                            Function<TaskRun, Runnable> feeder) {
        TaskRun run = new TaskRun(settings, session, transport, provisioner, events, states, limits);
        synchronized (this) {
            current = run;
            for (; earlyAborts > 0; earlyAborts--) run.abort();
        }
        Summary summary;
        IOException closeFailure;
        try {
            summary = run.execute(feeder.apply(run));
        } finally {
            synchronized (this) {
                current = null;
            }
            closeFailure = close(session);
        }
        if (session.journal().failure() != null) {
            throw new CloudTaskException("cannot write the journal of session " + session.id() + " ("
                    + session.journal().failure().getMessage() + "); free disk space or fix the directory, then resume "
                    + "the session: jobs without a recorded result run again", 1);
        }
        if (closeFailure != null) {
            throw new CloudTaskException("cannot close session " + session.id() + " (" + closeFailure.getMessage()
                    + "); check the disk, then resume the session: jobs without a recorded result run again", 1);
        }
        if (run.inputError() != null) throw run.inputError();
        return summary;
    }

    /**
     * Local jobs all run in the controller's working directory, where {@code --return} finds their files: two local
     * jobs at once would write over each other's. One local slot runs them one after another (with {@code --return}
     * no job is queued ahead), so only that is allowed.
     */
    private void refuseSharedLocalReturns(TaskSettings settings) {
        boolean local = transport instanceof LocalTransport && settings.workers().isEmpty()
                && provisioner == Provisioner.NONE;
        int atOnce = settings.split() * settings.slotsPerWorker();
        if (!local || settings.returns().isEmpty() || atOnce == 1) return;
        throw new CloudTaskException("--return with " + atOnce + " local jobs at once: local jobs all run in"
                + " cloudtask's own working directory, so they would write over each other's --return files; use"
                + " --split 1 (local jobs one after another) or SSH workers (--workers), where each job's files are"
                + " its own worker's");
    }

    /**
     * The counts of the run under way now, for a progress line that a front end redraws on its own clock (the
     * engine's progress events come only when jobs end); null before and after a run.
     */
    public Progress progress() {
        TaskRun run;
        synchronized (this) {
            run = current;
        }
        return run == null ? null : run.progressNow();
    }

    public void abort() {
        synchronized (this) {
            if (current == null) {
                earlyAborts++;
                return;
            }
        }
        current.abort();
    }

    private static String firstJobLine(InputLineReader reader, TaskSettings settings) {
        try {
            String line;
            while ((line = reader.next()) != null) {
                try {
                    if (InputFeeder.commandFor(settings, reader, line) != null) return line;
                } catch (org.cloudtask.core.input.InputException e) {
                    return line; // why: a line that cannot become a job is still a job: one that failed to build
                }
            }
            return null;
        } catch (IOException e) {
            throw new CloudTaskException("cannot read the input (" + e.getMessage() + "); check the input file or pipe");
        }
    }

    /** Closes the session; returns why it could not be closed cleanly (its last commit did not finish), or null. */
    private static IOException close(Session session) {
        try {
            session.close();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException e) {
            // why: the journal was committed before; a failing close must not hide the run's outcome
        }
    }

    /** Collects the engine's collaborators. Only the sessions directory is required; the transport defaults to local. */
    public static final class Builder {
        private Path sessionsDirectory;
        private Transport transport;
        private Provisioner provisioner = Provisioner.NONE;
        private TaskEvents events = TaskEvents.NONE;
        private EngineLimits limits = EngineLimits.DEFAULT;

        public Builder sessionsDirectory(Path value) { sessionsDirectory = value; return this; }
        public Builder transport(Transport value) { transport = value; return this; }
        public Builder provisioner(Provisioner value) { provisioner = value; return this; }
        public Builder events(TaskEvents value) { events = value; return this; }
        /** For tests of the engine's races: shorter waits for workers' answers. */
        Builder limits(EngineLimits value) { limits = value; return this; }

        public CloudTask build() {
            if (sessionsDirectory == null) throw new CloudTaskException("no sessions directory was given");
            return new CloudTask(this);
        }
    }
}
