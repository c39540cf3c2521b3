package org.cloudtask.jenkins.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.cloudtask.core.worker.Transport;

/** Makes the transport a build's task uses: SSH with the credential's key held in memory. */
@FunctionalInterface
public interface TransportFactory {

    /**
     * @param key           the identity, in memory
     * @param hostKeyPolicy {@code strict}, {@code accept-new} or {@code off}
     * @param knownHosts    the job's own known-hosts file: the only one trusted, and where accept-new records keys
     * @param warnings      where warnings for the build's console go (unchecked or newly recorded host keys)
     */
    Transport create(KeyMaterial key, String hostKeyPolicy, Path knownHosts, Consumer<String> warnings)
            throws IOException;
}
