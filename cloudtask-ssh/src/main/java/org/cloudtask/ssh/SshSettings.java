package org.cloudtask.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How {@link SshTransport} logs in and checks workers. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * SshSettings settings = SshSettings.builder()
 *         .user("deploy")
 *         .identityFile(Path.of("/home/me/.ssh/id_ed25519"))
 *         .passphrases(keyName -> System.getenv("CLOUDTASK_SSH_PASSPHRASE").toCharArray())
 *         .addKnownHosts(Path.of("farm_known_hosts"))
 *         .hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW)
 *         .warnings(message -> System.err.println("warning: " + message))
 *         .build();
 * }</pre>
 */
public final class SshSettings {

    /** Asks for the passphrase of an encrypted key; the argument names the key (a path or a credential name). */
    @FunctionalInterface
    public interface PassphraseSource {
        /** @return the passphrase, or null when there is none to give (the key is then refused with a clear error) */
        char[] passphraseFor(String keyName);
    }

    private final String user;
    private final List<Path> identityFiles;
    private final List<SshKey> keys;
    private final PassphraseSource passphrases;
    private final Path agentSocket;
    private final List<Path> knownHostsFiles;
    private final HostKeyPolicy hostKeyPolicy;
    private final Duration connectTimeout;
    private final double connectRate;
    private final int maxStartups;
    private final Consumer<String> warnings;
    private final Path sshConfig;
    private final Path home;
    private final boolean defaultIdentities;
    private final Set<String> given;

    private SshSettings(Builder b) {
        this.user = b.user;
        this.identityFiles = List.copyOf(b.identityFiles);
        this.keys = List.copyOf(b.keys);
        this.passphrases = b.passphrases;
        this.agentSocket = b.agentSocket;
        this.knownHostsFiles = List.copyOf(b.knownHostsFiles);
        this.hostKeyPolicy = b.hostKeyPolicy;
        this.connectTimeout = b.connectTimeout;
        this.connectRate = b.connectRate;
        this.maxStartups = b.maxStartups;
        this.warnings = b.warnings;
        this.sshConfig = b.sshConfig;
        this.home = b.home;
        this.defaultIdentities = b.defaultIdentities;
        this.given = Set.copyOf(b.given);
    }

    /** Defaults: user root, no keys, the agent at SSH_AUTH_SOCK if set, ~/.ssh/known_hosts, strict, 30 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** The login used for workers whose address names no user. */
    public String user() {
        return user;
    }

    public List<Path> identityFiles() {
        return identityFiles;
    }

    public List<SshKey> keys() {
        return keys;
    }

    public PassphraseSource passphrases() {
        return passphrases;
    }

    /** The ssh-agent socket to ask for keys, if any. */
    public Optional<Path> agentSocket() {
        return Optional.ofNullable(agentSocket);
    }

    /** Files of trusted host keys; under accept-new, new keys are recorded in the first. */
    public List<Path> knownHostsFiles() {
        return knownHostsFiles;
    }

    public HostKeyPolicy hostKeyPolicy() {
        return hostKeyPolicy;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Receives warnings meant for the user (host keys not checked, new host keys recorded). */
    /** New SSH handshakes started per second at most ({@code --connect-rate}); infinite unless given. */
    public double connectRate() {
        return connectRate;
    }

    /** SSH handshakes under way at once at most ({@code --max-startups}). */
    public int maxStartups() {
        return maxStartups;
    }

    public Consumer<String> warnings() {
        return warnings;
    }

    /** The ssh config file (as ssh's {@code -F}) whose Host entries apply to workers and jump hosts, if any. */
    public Optional<Path> sshConfig() {
        return Optional.ofNullable(sshConfig);
    }

    /** The home directory that {@code ~} in the ssh config and the default keys stand for. */
    public Path home() {
        return home;
    }

    /** Whether ~/.ssh/id_ed25519, id_ecdsa and id_rsa are tried when no key and no agent is given, as ssh does. */
    public boolean defaultIdentities() {
        return defaultIdentities;
    }

    /** Whether {@link #user()} was set explicitly (it then wins over the ssh config's User). */
    boolean userGiven() {
        return given.contains("user");
    }

    /** Whether {@link #hostKeyPolicy()} was set explicitly (it then wins over StrictHostKeyChecking). */
    boolean hostKeyPolicyGiven() {
        return given.contains("policy");
    }

    /** Whether {@link #connectTimeout()} was set explicitly (it then wins over ConnectTimeout). */
    boolean connectTimeoutGiven() {
        return given.contains("timeout");
    }

    public static final class Builder {
        private String user = "root";
        private final List<Path> identityFiles = new ArrayList<>();
        private final List<SshKey> keys = new ArrayList<>();
        private PassphraseSource passphrases = keyName -> null;
        private Path agentSocket = defaultAgentSocket();
        private final List<Path> knownHostsFiles = new ArrayList<>(
                List.of(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts")));
        private HostKeyPolicy hostKeyPolicy = HostKeyPolicy.STRICT;
        private Duration connectTimeout = Duration.ofSeconds(30);
        // why no rate by default: --max-startups alone keeps sshd's MaxStartups safe, and a rate slows big fleets
        private double connectRate = Double.POSITIVE_INFINITY;
        private int maxStartups = 8;
        private Consumer<String> warnings = message -> { };
        private Path sshConfig;
        private Path home = Path.of(System.getProperty("user.home"));
        private boolean defaultIdentities;
        private final Set<String> given = new HashSet<>();

        private Builder() {
        }

        public Builder user(String newUser) {
            this.user = Objects.requireNonNull(newUser, "user");
            given.add("user");
            return this;
        }

        /** Adds a private key file (OpenSSH or PEM format; ed25519, ecdsa or rsa). Repeatable. */
        public Builder identityFile(Path file) {
            identityFiles.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Adds a private key held in memory; it is never written anywhere. Repeatable. */
        public Builder key(SshKey key) {
            keys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /** Where passphrases of encrypted key files come from (environment, terminal prompt, ...). */
        public Builder passphrases(PassphraseSource source) {
            this.passphrases = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The ssh-agent socket, or null to use no agent. Default: $SSH_AUTH_SOCK when set. */
        public Builder agentSocket(Path socket) {
            this.agentSocket = socket;
            return this;
        }

        /** Replaces the known_hosts files (default: ~/.ssh/known_hosts). */
        public Builder knownHosts(List<Path> files) {
            knownHostsFiles.clear();
            knownHostsFiles.addAll(files);
            return this;
        }

        /** Adds a known_hosts file after the others. */
        public Builder addKnownHosts(Path file) {
            knownHostsFiles.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        public Builder hostKeyPolicy(HostKeyPolicy policy) {
            this.hostKeyPolicy = Objects.requireNonNull(policy, "policy");
            given.add("policy");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            given.add("timeout");
            return this;
        }

        /** Handshakes per second and in flight at most; both must be positive. */
        public Builder gentleConnecting(double ratePerSecond, int inFlight) {
            if (!(ratePerSecond > 0) || inFlight < 1) {
                throw new IllegalArgumentException("connect rate and max startups must be positive");
            }
            this.connectRate = ratePerSecond;
            this.maxStartups = inFlight;
            return this;
        }

        /**
         * Reads this ssh config file (OpenSSH's format, through JSch's OpenSSHConfig): Host aliases, HostName, User,
         * Port, IdentityFile, IdentitiesOnly, UserKnownHostsFile, StrictHostKeyChecking, HashKnownHosts,
         * HostKeyAlias, ConnectTimeout, ServerAliveInterval and ProxyJump. Settings made here win over the file.
         * Default: none.
         */
        public Builder sshConfig(Path file) {
            this.sshConfig = file;
            return this;
        }

        /** The home directory for {@code ~} and the default keys. Default: the user.home property. */
        public Builder home(Path directory) {
            this.home = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Tries ~/.ssh/id_ed25519, id_ecdsa and id_rsa when no key and no agent is given. Default: off. */
        public Builder defaultIdentities(boolean tryThem) {
            this.defaultIdentities = tryThem;
            return this;
        }

        public Builder warnings(Consumer<String> sink) {
            this.warnings = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public SshSettings build() {
            return new SshSettings(this);
        }

        private static Path defaultAgentSocket() {
            String socket = System.getenv("SSH_AUTH_SOCK");
            return socket == null || socket.isBlank() ? null : Path.of(socket);
        }
    }
}
