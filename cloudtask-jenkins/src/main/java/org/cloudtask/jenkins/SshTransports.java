package org.cloudtask.jenkins;

import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.jenkins.support.TransportFactory;

/**
 * The SSH transport with an identity held in memory. The SSH module's in-memory identity API is being built on the
 * {@code ssh} branch; until it is merged this factory refuses clearly instead of writing the key to a file.
 */
final class SshTransports {

    private SshTransports() {
    }

    static TransportFactory factory() {
        return (key, hostKeyPolicy, knownHosts) -> {
            throw new CloudTaskException("this build of the cloudtask plugin has no SSH transport yet");
        };
    }
}
