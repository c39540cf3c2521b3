package org.cloudtask.cli.run;

import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.Transport;

/**
 * Chooses how jobs reach their workers. Today every worker is local; the SSH issue adds: pre-listed workers
 * ({@code --workers}) mean the SSH transport.
 */
final class WorkerTransports {

    private WorkerTransports() {
    }

    static Transport forSettings(TaskSettings settings) {
        // TODO(core merge): the engine's local transport
        return null;
    }
}
