package org.cloudtask.core.engine;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.Transport;

/**
 * The engine's front door: what the CLI and the Jenkins plugin call. It only wires collaborators together; the work
 * is done by the dispatcher, the worker lifecycle and the session journal.
 *
 * <p>API contract (shared by every module; change it only together with its callers):
 * <ul>
 *   <li>{@link #run} creates the next session in the sessions directory and runs every job read from the input,
 *       streamed: the first job starts before the input has been read to the end.</li>
 *   <li>{@link #resume} runs the pending jobs of a session; {@link #retry} first re-queues its failed and timed-out
 *       jobs. Both take the saved settings through {@code overrides}, which returns the settings to use.</li>
 *   <li>{@link #abort} may be called from any thread (a signal handler, a Jenkins abort): no new job starts, running
 *       jobs are killed and recorded as aborted (pending), launched workers are destroyed, the session is saved, and
 *       the running {@code run}/{@code resume} returns a summary with {@code aborted() == true}. A second call skips
 *       the kill grace period.</li>
 *   <li>User errors (unknown session, session locked by another controller, sessions directory not writable, a
 *       finished session) are thrown as {@link CloudTaskException} with a one-line message.</li>
 * </ul>
 */
public final class CloudTask {

    private CloudTask() {
        throw new UnsupportedOperationException("the engine is being built on the core branch");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a session's saved settings, so a front end can rebuild its transport and provisioner to resume it. */
    public static TaskSettings savedSettings(Path sessionsDirectory, long sessionId) {
        throw new UnsupportedOperationException("the engine is being built on the core branch");
    }

    public Summary run(TaskSettings settings, InputStream inputs) {
        throw new UnsupportedOperationException();
    }

    public Summary resume(long sessionId, UnaryOperator<TaskSettings> overrides) {
        throw new UnsupportedOperationException();
    }

    public Summary retry(long sessionId, UnaryOperator<TaskSettings> overrides) {
        throw new UnsupportedOperationException();
    }

    public void abort() {
        throw new UnsupportedOperationException();
    }

    /** Collects the engine's collaborators. Only the sessions directory and the transport are required. */
    public static final class Builder {
        private Path sessionsDirectory;
        private Transport transport;
        private Provisioner provisioner = Provisioner.NONE;
        private TaskEvents events = TaskEvents.NONE;

        public Builder sessionsDirectory(Path value) { sessionsDirectory = value; return this; }
        public Builder transport(Transport value) { transport = value; return this; }
        public Builder provisioner(Provisioner value) { provisioner = value; return this; }
        public Builder events(TaskEvents value) { events = value; return this; }

        public CloudTask build() {
            throw new UnsupportedOperationException("the engine is being built on the core branch");
        }
    }
}
