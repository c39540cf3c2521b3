package org.cloudtask.core.provision;

import java.time.Instant;
import java.util.Objects;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * A worker that a provisioner launched, as recorded in the session journal so that it can be destroyed even by a
 * later controller.
 *
 * @param instanceId   the provider's id (an EC2 instance id; for the command provisioner, the address it printed)
 * @param address      where to reach it, or null while it boots
 * @param instanceType what kind of machine it is, for cost reports, or null
 * @param launchedAt   when it was created
 */
public record LaunchedWorker(String instanceId, WorkerAddress address, String instanceType, Instant launchedAt) {

    public LaunchedWorker {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(launchedAt, "launchedAt");
    }

    public LaunchedWorker withAddress(WorkerAddress newAddress) {
        return new LaunchedWorker(instanceId, newAddress, instanceType, launchedAt);
    }
}
