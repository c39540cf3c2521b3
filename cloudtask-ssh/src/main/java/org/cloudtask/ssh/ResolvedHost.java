package org.cloudtask.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to log in to one host, once the command line, the worker's address and the ssh config have spoken.
 *
 * @param name                what the user called the host (an ssh config alias or an address)
 * @param hostName            the address to connect to (the config's HostName, else the name)
 * @param port                the port to connect to
 * @param user                the login
 * @param identityFiles       the config's IdentityFile keys for this host
 * @param identitiesOnly      IdentitiesOnly yes: the ssh-agent's keys are not offered
 * @param knownHostsFiles     the files that vouch for host keys; new keys go into the first
 * @param hostKeyPolicy       what to do with unknown and changed keys
 * @param hashKnownHosts      HashKnownHosts yes: new entries are written hashed
 * @param hostKeyAlias        the name to look the host key up under instead of the host's, or null
 * @param connectTimeout      the limit of one connection attempt
 * @param serverAliveInterval keep-alive interval, or null for none
 * @param proxyJump           the ProxyJump hops ({@code [user@]host[:port]}, comma-separated), or null
 */
record ResolvedHost(String name, String hostName, int port, String user, List<Path> identityFiles,
                    boolean identitiesOnly, List<Path> knownHostsFiles, HostKeyPolicy hostKeyPolicy,
                    boolean hashKnownHosts, String hostKeyAlias, Duration connectTimeout,
                    Duration serverAliveInterval, String proxyJump) {

    static final int SSH_PORT = 22;

    /** The name host keys are looked up and recorded under: the alias, else {@code host} or {@code [host]:port}. */
    String knownHostsName() {
        if (hostKeyAlias != null) {
            return hostKeyAlias;
        }
        return port == SSH_PORT ? hostName : "[" + hostName + "]:" + port;
    }
}
