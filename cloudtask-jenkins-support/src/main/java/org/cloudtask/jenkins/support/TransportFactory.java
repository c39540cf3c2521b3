package org.cloudtask.jenkins.support;

import java.nio.file.Path;
import org.cloudtask.core.worker.Transport;

/** Makes the transport a build's task uses: SSH with the credential's key held in memory. */
@FunctionalInterface
public interface TransportFactory {

    /**
     * @param key           the identity, in memory
     * @param hostKeyPolicy {@code strict}, {@code accept-new} or {@code off}
     * @param knownHosts    the file that accept-new records new keys in (the job's own, never the controller user's)
     */
    Transport create(KeyMaterial key, String hostKeyPolicy, Path knownHosts);
}
