package org.cloudtask.core.worker;

import java.io.IOException;
import java.util.List;

/**
 * Opens connections to workers. The engine knows nothing of how commands reach a worker: front ends plug in
 * local processes, SSH, or anything else that can run a shell command.
 */
public interface Transport {

    /**
     * Opens the one connection to this worker that every job on it will use. A single attempt, bounded by the
     * transport's connect timeout: the engine retries with backoff while a launched worker boots.
     *
     * @throws WorkerRefusedException when retrying cannot help (authentication refused, host key unknown or changed)
     * @throws IOException            when the worker cannot be reached now
     */
    WorkerConnection connect(WorkerAddress address) throws IOException, InterruptedException;

    /**
     * The workers to use when the task lists none and nothing can be launched: {@code local-1..count} for local
     * processes. Transports that need addresses return an empty list (the default).
     */
    default List<WorkerAddress> defaultWorkers(int count) {
        return List.of();
    }

    /**
     * How many listed workers the engine connects to at once at most (each waits on a thread of its own while it
     * connects; the others wait their turn without one). Enough to keep the transport's own limits busy.
     */
    default int connectsAtOnce() {
        return 64;
    }
}
