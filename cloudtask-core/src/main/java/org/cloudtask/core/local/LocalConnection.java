package org.cloudtask.core.local;

import java.io.IOException;
import java.time.Duration;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.WorkerConnection;

/** A local worker: nothing to connect to, so pings always succeed. */
final class LocalConnection implements WorkerConnection {

    private final String name;

    LocalConnection(String name) {
        this.name = name;
    }

    @Override
    public RunningCommand start(CommandRequest request, OutputSink output) throws IOException {
        return LocalCommand.start(request, output);
    }

    @Override
    public void ping(Duration timeout) {
        // why: the controller's own host runs the commands; if it cannot, the controller is gone too
    }

    /**
     * Nothing to copy: local jobs run in the controller's working directory, and {@code --transfer} files are paths
     * inside it, so they are already where the jobs look for them. Nothing to remove either.
     */
    @Override
    public void transfer(String directory, java.util.List<org.cloudtask.core.worker.TransferFile> files,
                         Duration timeout) {
    }

    /** Local jobs run in the controller's working directory, so paths resolve against it. */
    @Override
    public java.io.InputStream openFile(String path) throws IOException {
        return java.nio.file.Files.newInputStream(java.nio.file.Path.of(path));
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name;
    }
}
