package org.cloudtask.ssh.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts OpenSSH workers for benchmarks and manual trials, then waits until stdin closes and stops them. Writes into
 * DIR: {@code known_hosts}, {@code workers} (one {@code user@host:port} per line) and {@code identity} (the client
 * key, as a symlink). Usage: {@code java ... OpenSshWorkers DIR HOST...}
 */
public final class OpenSshWorkers {

    private OpenSshWorkers() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        List<OpenSshServer> servers = new ArrayList<>();
        try {
            StringBuilder knownHosts = new StringBuilder();
            StringBuilder workers = new StringBuilder();
            for (int i = 1; i < args.length; i++) {
                OpenSshServer server = OpenSshServer.start(args[i], 64, "64:30:200");
                servers.add(server);
                knownHosts.append(server.knownHostsLine()).append('\n');
                workers.append(server.user()).append('@').append(server.host()).append(':').append(server.port())
                        .append('\n');
                if (i == 1) {
                    Files.deleteIfExists(directory.resolve("identity"));
                    Files.copy(server.clientKey(), directory.resolve("identity"));
                    Files.setPosixFilePermissions(directory.resolve("identity"),
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
                server.authorize(Files.readString(Path.of(servers.get(0).clientKey() + ".pub")));
            }
            Files.writeString(directory.resolve("known_hosts"), knownHosts);
            Files.writeString(directory.resolve("workers"), workers);
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for stdin to close
            }
        } finally {
            servers.forEach(OpenSshServer::close);
        }
    }
}
