package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ssh.testing.OpenSshServer;

/**
 * What the cloud end-to-end tests share: pre-listed OpenSSH workers on 127.0.3.x, the EC2 stand-in, and a
 * bin/cloudtask command line that logs into both.
 */
final class CloudWorkers implements AutoCloseable {

    private final Path sessions;
    private final Path scratch;
    private final List<OpenSshServer> listed = new ArrayList<>();

    CloudWorkers(Path sessions, Path scratch) {
        this.sessions = sessions;
        this.scratch = scratch;
    }

    /** Starts {@code count} OpenSSH workers on fresh 127.0.3.x addresses. */
    List<OpenSshServer> startListed(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            listed.add(OpenSshServer.start("127.0.3." + (10 + (ProcessHandle.current().pid() % 20) * 10 + listed.size())));
        }
        return listed;
    }

    List<OpenSshServer> listed() {
        return listed;
    }

    /** The listed workers as a --workers value. */
    String listedAddresses() {
        return String.join(",", listed.stream().map(w -> w.user() + "@" + w.host() + ":" + w.port()).toList());
    }

    /** bin/cloudtask with the listed workers' keys (and the stand-in's credentials); add --workers, cloud options and the command. */
    CliProcess cli(String... args) throws IOException {
        CliProcess cli = withCredentials().env("SSH_AUTH_SOCK", "");
        Path knownHosts = scratch.resolve("known_hosts");
        StringBuilder lines = new StringBuilder();
        for (OpenSshServer w : listed) {
            lines.append(w.knownHostsLine()).append('\n');
            cli.args("--ssh-identity", w.clientKey().toString());
        }
        Files.writeString(knownHosts, lines.toString());
        return cli.args("--known-hosts", knownHosts.toString()).args(args);
    }

    /** bin/cloudtask launching on the stand-in (its key, user and port), credentials from the environment. */
    CliProcess cliWithEc2(Ec2StandIn ec2, String... args) throws IOException {
        return cli("--ssh-identity", ec2.clientKey().toString(), "--user", ec2.user(),
                "--ec2-endpoint", ec2.endpoint().toString(), "--ec2-ssh-port", Integer.toString(ec2.sshPort()),
                "--ec2-ami", "ami-e2e").args(args);
    }

    /** bin/cloudtask (any subcommand) with the stand-in's credentials in its environment, as a user would set them. */
    CliProcess withCredentials(String... args) {
        return CliProcess.cloudtask(sessions, scratch).args(args)
                .env("AWS_ACCESS_KEY_ID", "AKIASTANDINE2E00001")
                .env("AWS_SECRET_ACCESS_KEY", "e2e-secret-key-never-printed")
                .env("AWS_EC2_METADATA_DISABLED", "true");
    }

    static List<String> numbers(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList();
    }

    @Override
    public void close() throws IOException {
        for (OpenSshServer w : listed) {
            w.thaw();
            w.close();
        }
    }
}
