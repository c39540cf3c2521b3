package org.cloudtask.core.local;

import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;

/**
 * Runs jobs as processes on the controller's own host: each via {@code sh -c} in a process group of its own
 * ({@code setsid}), stdin from {@code /dev/null}, stdout and stderr merged and streamed as they arrive. Workers are
 * named {@code local-1..N}; each is only a name, so a local worker cannot fail a ping.
 */
public final class LocalTransport implements Transport {

    private static final String NAME_PREFIX = "local-";

    /** Whether {@code workerName} is one of {@link #defaultWorkers}: a process on the controller's own host. */
    public static boolean isLocalWorker(String workerName) {
        return workerName.startsWith(NAME_PREFIX) && workerName.substring(NAME_PREFIX.length()).matches("\\d+");
    }

    @Override
    public WorkerConnection connect(WorkerAddress address) {
        return new LocalConnection(address.displayName());
    }

    @Override
    public List<WorkerAddress> defaultWorkers(int count) {
        List<WorkerAddress> workers = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) workers.add(WorkerAddress.of(NAME_PREFIX + i));
        return workers;
    }
}
