package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.ssh.testing.OpenSshServer;

/**
 * One real OpenSSH worker on a loopback address, started on first use, logged in as the test's own user (so its jobs
 * see the test's files), and the options that make a command line run its jobs there.
 */
final class OneSshWorker implements AutoCloseable {

    private final String host;
    private OpenSshServer server;

    OneSshWorker(String host) {
        this.host = host;
    }

    /** Adds {@code --workers}, its known host key (a file in {@code scratch}) and its key to {@code cli}. */
    CliProcess addTo(CliProcess cli, Path scratch) throws IOException {
        if (server == null) server = OpenSshServer.start(host);
        Path knownHosts = Files.writeString(scratch.resolve("known_hosts"), server.knownHostsLine() + "\n");
        return cli.env("SSH_AUTH_SOCK", "").args("--workers", server.user() + "@" + server.host() + ":" + server.port(),
                "--known-hosts", knownHosts.toString(), "--ssh-identity", server.clientKey().toString());
    }

    /** A command line with its sessions in {@code sessions}: its jobs run locally, or on this worker. */
    CliProcess cli(boolean overSsh, Path sessions, Path scratch) throws IOException {
        CliProcess cli = CliProcess.cloudtask(sessions, scratch);
        return overSsh ? addTo(cli, scratch) : cli;
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
