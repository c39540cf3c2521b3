package org.cloudtask.cli.run;

import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.local.LocalTransport;
import org.cloudtask.core.worker.Transport;

/**
 * Chooses how jobs reach their workers. Today every worker is a local process; the SSH issue adds: pre-listed
 * workers ({@code --workers}) mean the SSH transport.
 */
final class WorkerTransports {

    private WorkerTransports() {
    }

    static Transport forSettings(TaskSettings settings) {
        return new LocalTransport();
    }
}
