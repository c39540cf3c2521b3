package org.cloudtask.core.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** A command started on a worker. */
public interface RunningCommand {

    /**
     * Waits up to {@code timeout} for the command to end and for all of its output to be delivered.
     *
     * @return the exit status, or empty if the command is still running
     * @throws WorkerLostException when the connection to the worker broke before the command's end was seen: the
     *                             command may or may not have run
     */
    Optional<ExitStatus> await(Duration timeout) throws InterruptedException, WorkerLostException;

    /**
     * Kills the command's whole process group on the worker: TERM, then KILL after {@code grace}. Returns once the
     * KILL was sent (or the command had already ended). Safe to call more than once and from any thread.
     */
    void kill(Duration grace) throws IOException, InterruptedException;

    /**
     * Calls {@code listener} once, from any thread (perhaps at once), when the command has ended or its connection
     * broke, i.e. when {@link #await} would no longer wait. Why: the engine then waits for news of its own (an abort, a
     * failed worker) and the command's end together, instead of looking up from the command from time to time.
     *
     * @return false when this transport cannot tell (the default): the engine then asks {@link #await} in short steps
     */
    default boolean whenEnded(Runnable listener) {
        return false;
    }

    /**
     * The id of the command's process group on the controller's own host, when it runs there. The engine journals it
     * so that a controller resuming after a crash can kill jobs the dead controller left running. Empty for commands
     * on other hosts (the default).
     */
    default OptionalLong localProcessGroup() {
        return OptionalLong.empty();
    }
}
