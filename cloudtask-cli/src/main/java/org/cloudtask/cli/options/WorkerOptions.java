package org.cloudtask.cli.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerAddresses;
import org.cloudtask.ssh.HostKeyPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * SSH workers: where they are, how to log in, how their health is watched, and how each is set up. The login
 * settings are saved with the session (paths and names, never key material) so a resume reaches the same workers.
 */
public final class WorkerOptions implements SettingsContributor {

    public static final String USER = "ssh.user";
    public static final String IDENTITIES = "ssh.identities";
    public static final String KNOWN_HOSTS = "ssh.known-hosts";
    public static final String HOST_KEY_POLICY = "ssh.host-key-policy";
    public static final String CONNECT_TIMEOUT = "ssh.connect-timeout";
    public static final String SSH_CONFIG = "ssh.config";

    @Option(names = "--workers", paramLabel = "ADDRESSES", converter = AddressListConverter.class,
            description = "SSH workers, separated by spaces, commas or newlines: [N/][user@]host[:port] "
                    + "(IPv6: [::1]:22), or a file of such lines. Repeatable. Implies --split = their number.")
    List<AddressList> workers = new ArrayList<>();

    @Option(names = "--jobs-per-worker", paramLabel = "N", defaultValue = "1", converter = Counts.AtLeastOne.class,
            description = "Jobs each worker runs at once unless its address says N/ (default: ${DEFAULT-VALUE}).")
    int jobsPerWorker;

    // why no defaultValue here and below: a value is saved only when given, so the ssh config can speak otherwise
    @Option(names = "--user", paramLabel = "NAME",
            description = "Login for workers whose address names none (default: the ssh config's User, else root).")
    String user;

    @Option(names = "--ssh-identity", paramLabel = "FILE",
            description = "Private key to log in with (OpenSSH or PEM; ed25519, ecdsa, rsa). Repeatable. Encrypted "
                    + "keys take their passphrase from CLOUDTASK_SSH_PASSPHRASE or a prompt. The ssh-agent at "
                    + "SSH_AUTH_SOCK is used too. Passwords are never tried.")
    List<Path> identities = new ArrayList<>();

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "ssh config file, as ssh -F (default: ~/.ssh/config when it exists): Host aliases, HostName, "
                    + "User, Port, IdentityFile, IdentitiesOnly, UserKnownHostsFile, StrictHostKeyChecking, "
                    + "HashKnownHosts, HostKeyAlias, ConnectTimeout, ServerAliveInterval, ProxyJump. Options given "
                    + "here win over it.")
    Path sshConfig;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Extra known_hosts file, checked after ~/.ssh/known_hosts. Repeatable.")
    List<Path> knownHosts = new ArrayList<>();

    @Option(names = "--host-key-policy", paramLabel = "POLICY", converter = Policy.class,
            description = "strict: refuse unknown and changed host keys; accept-new: record unknown keys in "
                    + "~/.ssh/known_hosts, refuse changed ones; off: check nothing, warn (default: the ssh config's "
                    + "StrictHostKeyChecking, else strict).")
    HostKeyPolicy hostKeyPolicy;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", converter = Seconds.Positive.class,
            description = "Limit of one connection attempt (default: the ssh config's ConnectTimeout, else 30).")
    Duration connectTimeout;

    @Option(names = "--boot-timeout", paramLabel = "SECONDS", defaultValue = "600",
            converter = Seconds.NonNegative.class,
            description = "How long a launched worker may take to accept its first connection; listed workers get "
                    + "one attempt (default: ${DEFAULT-VALUE}).")
    Duration bootTimeout;

    @Option(names = "--ping-interval", paramLabel = "SECONDS", defaultValue = "30", converter = Seconds.Positive.class,
            description = "Time between health checks of each worker (default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--ping-timeout", paramLabel = "SECONDS", defaultValue = "10", converter = Seconds.Positive.class,
            description = "Limit of one health check (default: ${DEFAULT-VALUE}).")
    Duration pingTimeout;

    @Option(names = "--ping-retries", paramLabel = "N", defaultValue = "3", converter = Counts.AtLeastOne.class,
            description = "Consecutive failed health checks after which a worker has failed and its jobs move "
                    + "(default: ${DEFAULT-VALUE}).")
    int pingRetries;

    @Option(names = "--overlay", paramLabel = "DIR",
            description = "Directory copied onto each worker's / (over SFTP, keeping modes) before --pre.")
    Path overlay;

    @Option(names = "--pre", paramLabel = "CMD",
            description = "Command run on each worker before its first job; a worker where it fails is dropped.")
    String pre;

    @Option(names = "--post", paramLabel = "CMD",
            description = "Command run on each worker when it has no more work; failures are logged.")
    String post;

    @Option(names = "--setup-timeout", paramLabel = "SECONDS", defaultValue = "300",
            converter = Seconds.Positive.class,
            description = "Limit for the overlay copy and --pre together, and for --post (default: ${DEFAULT-VALUE}).")
    Duration setupTimeout;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (given.has("--workers")) settings.workers(workers.stream().flatMap(list -> list.addresses().stream()).toList());
        if (given.has("--jobs-per-worker")) settings.slotsPerWorker(jobsPerWorker);
        if (given.has("--boot-timeout")) settings.bootTimeout(bootTimeout);
        if (given.has("--ping-interval")) settings.pingInterval(pingInterval);
        if (given.has("--ping-timeout")) settings.pingTimeout(pingTimeout);
        if (given.has("--ping-retries")) settings.pingRetries(pingRetries);
        if (given.has("--setup-timeout")) settings.setupTimeout(setupTimeout);
        if (given.has("--overlay") && overlay != null) settings.overlay(overlay.toAbsolutePath());
        if (given.has("--pre") && pre != null) settings.pre(pre);
        if (given.has("--post") && post != null) settings.post(post);
        if (given.has("--user") && user != null) settings.frontEnd().put(USER, user);
        if (given.has("--ssh-identity")) settings.frontEnd().put(IDENTITIES, joined(identities));
        if (given.has("--known-hosts")) settings.frontEnd().put(KNOWN_HOSTS, joined(knownHosts));
        if (given.has("--ssh-config") && sshConfig != null) {
            settings.frontEnd().put(SSH_CONFIG, sshConfig.toAbsolutePath().toString());
        }
        if (given.has("--host-key-policy") && hostKeyPolicy != null) {
            settings.frontEnd().put(HOST_KEY_POLICY, hostKeyPolicy.optionValue());
        }
        if (given.has("--connect-timeout") && connectTimeout != null) {
            settings.frontEnd().put(CONNECT_TIMEOUT, Long.toString(connectTimeout.toMillis()));
        }
    }

    /** Listed workers are all used unless --split was typed: one --workers list is the pool. */
    public void defaultSplit(TaskSettings settings, GivenOptions typed) {
        if (!typed.has("--split") && typed.has("--workers") && !settings.workers().isEmpty()) {
            settings.split(settings.workers().size());
        }
    }

    private static String joined(List<Path> paths) {
        return paths.stream().map(path -> path.toAbsolutePath().toString()).collect(Collectors.joining("\n"));
    }

    /** The addresses of one --workers value. */
    public record AddressList(List<WorkerAddress> addresses) {
    }

    /** One --workers value: addresses or files of addresses. */
    public static final class AddressListConverter implements ITypeConverter<AddressList> {
        @Override
        public AddressList convert(String text) {
            try {
                return new AddressList(WorkerAddresses.parseOption(text));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** strict, accept-new or off. */
    public static final class Policy implements ITypeConverter<HostKeyPolicy> {
        @Override
        public HostKeyPolicy convert(String text) {
            try {
                return HostKeyPolicy.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
