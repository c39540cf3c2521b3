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
     * The id of the command's process group on the controller's own host, when it runs there. The engine journals it
     * so that a controller resuming after a crash can kill jobs the dead controller left running. Empty for commands
     * on other hosts (the default).
     */
    default OptionalLong localProcessGroup() {
        return OptionalLong.empty();
    }
}
