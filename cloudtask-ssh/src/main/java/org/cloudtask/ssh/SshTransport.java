package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.cloudtask.core.concurrent.WorkerThreads;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerAddresses;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;

/**
 * Reaches workers over SSH (JSch): one connection per worker, opened once and kept for every job, with key
 * authentication only and host keys checked. Create with {@link #create(SshSettings)}.
 */
public final class SshTransport implements Transport {

    private final SshSettings settings;
    private final Identities identities;
    private final SshConfigResolver hosts;
    private final KnownHostsRepository knownHosts;
    // why: a dropped handshake (sshd's MaxStartups, a busy bastion) is worth a few more tries within the timeout
    private static final int HANDSHAKE_ATTEMPTS = 8;

    private final JSch jsch = new JSch();
    private final ConnectGate gate;

    private SshTransport(SshSettings settings, Identities identities, SshConfigResolver hosts) {
        this.settings = settings;
        this.identities = identities;
        this.hosts = hosts;
        this.knownHosts = new KnownHostsRepository(settings.knownHostsFiles());
        this.gate = new ConnectGate(settings.connectRate(), settings.maxStartups());
        jsch.setIdentityRepository(identities);
        // why: known_hosts files are read once per run into this repository, not by JSch on every connection
        jsch.setHostKeyRepository(knownHosts);
    }

    /**
     * Loads and decrypts the keys once, up front.
     *
     * @throws IOException with a one-line message when a key cannot be read or decrypted, or there is no key at all
     */
    public static SshTransport create(SshSettings settings) throws IOException {
        Identities identities = Identities.load(settings);
        // why only without a config: its IdentityFile lines may give each host its keys
        if (identities.isEmpty() && settings.agentSocket().isEmpty() && settings.sshConfig().isEmpty()) {
            throw new IOException("no SSH key to log in with: give --ssh-identity FILE, put a key in "
                    + "~/.ssh/id_ed25519 (or id_ecdsa, id_rsa) or start an ssh-agent");
        }
        return new SshTransport(settings, identities, SshConfigResolver.load(settings));
    }

    /** Room for every handshake the gate lets through (--max-startups) and as many runners starting after them. */
    @Override
    public int connectsAtOnce() {
        return Math.max(64, 4 * settings.maxStartups());
    }

    @Override
    public WorkerConnection connect(WorkerAddress address) throws IOException, InterruptedException {
        ResolvedHost host = hosts.resolve(address.host(), address.user(), address.port());
        String workerName = host.user() + "@" + address.displayName();
        for (int attempt = 0; ; attempt++) {
            try {
                return connectOnce(address, host, workerName);
            } catch (DroppedHandshake e) {
                if (attempt + 1 >= HANDSHAKE_ATTEMPTS) throw e.explained;
                Thread.sleep(ConnectGate.backoffMillis(attempt));
            }
        }
    }

    /**
     * One attempt: waits at the gate for as long as it takes, then gets the whole connect timeout from there, so
     * a worker's chance does not depend on how many others connect at the same time.
     */
    private WorkerConnection connectOnce(WorkerAddress address, ResolvedHost host, String workerName)
            throws IOException, InterruptedException {
        HostKeyVerifier verifier = new HostKeyVerifier(knownHosts, host, address.hostKey(), workerName,
                settings.warnings());
        Identities.HostKeys keys = identities.forHost(host);
        Session session = newSession(host, workerName, verifier, keys);
        // why the runner starts inside the permit too: it is part of joining (a channel, a Perl compile on the
        // worker), and a hundred of them started at once would starve the handshakes under way on a small machine
        try (ConnectGate.Permit permit = gate.enter()) {
            long started = System.nanoTime();
            long deadline = started + host.connectTimeout().toNanos();
            try {
                if (host.proxyJump() != null) {
                    session.setProxy(throughJumpHosts(host, workerName, deadline));
                }
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                session.connect((int) Math.min(Integer.MAX_VALUE, left));
            } catch (JSchException | RuntimeException e) {
                session.disconnect();
                boolean timeUp = System.nanoTime() - deadline >= 0;
                IOException explained = new ConnectFailure(host, keys, verifier, workerName).explain(e, timeUp);
                if (!(explained instanceof WorkerRefusedException) && droppedBySshd(e)) {
                    throw new DroppedHandshake(explained);
                }
                throw explained;
            }
            if (Thread.interrupted()) {
                session.disconnect();
                throw new InterruptedException("interrupted while connecting to " + workerName);
            }
            return SshWorkerConnection.open(session, workerName, host.connectTimeout(), settings.warnings());
        }
    }

    private Session newSession(ResolvedHost host, String name, HostKeyVerifier verifier, Identities.HostKeys keys)
            throws IOException {
        Session session;
        try {
            session = jsch.getSession(host.user(), host.hostName(), host.port());
        } catch (JSchException e) {
            throw new IOException("bad address " + host.name() + " of " + name + ": " + e.getMessage(), e);
        }
        session.setHostKeyRepository(verifier);
        session.setIdentityRepository(keys.repository());
        session.setHostKeyAlias(host.hostKeyAlias());
        session.setThreadFactory(task -> WorkerThreads.unstarted("cloudtask-ssh-" + name, () -> {
            // why rename inside: JSch names its threads itself after creating them
            Thread.currentThread().setName("cloudtask-ssh-" + name);
            task.run();
        }));
        session.setConfig("StrictHostKeyChecking", "yes");
        // why: password and keyboard-interactive are never tried, even if the server offers them
        session.setConfig("PreferredAuthentications", "publickey");
        if (host.serverAliveInterval() != null) {
            try {
                long interval = host.serverAliveInterval().toMillis();
                session.setServerAliveInterval((int) Math.min(Integer.MAX_VALUE, interval));
            } catch (JSchException e) {
                throw new IOException("bad ServerAliveInterval for " + name + ": " + e.getMessage(), e);
            }
        }
        return session;
    }

    /**
     * Connects the ProxyJump hops in order, each through the one before, and returns the way through the last.
     * Each hop is resolved through the ssh config and has its host key checked like a worker's.
     */
    private JumpProxy throughJumpHosts(ResolvedHost target, String workerName, long deadline)
            throws IOException, InterruptedException {
        JumpProxy through = null;
        for (String hop : target.proxyJump().split(",")) {
            WorkerAddress hopAddress;
            try {
                hopAddress = WorkerAddresses.parseOne(hop.strip());
            } catch (IllegalArgumentException e) {
                throw new IOException("bad ProxyJump \"" + target.proxyJump() + "\" for " + workerName + ": "
                        + e.getMessage(), e);
            }
            ResolvedHost hopHost = hosts.resolve(hopAddress.host(), hopAddress.user(), hopAddress.port());
            String hopName = "jump host " + hopHost.user() + "@" + hopAddress.displayName() + " (for " + workerName
                    + ")";
            HostKeyVerifier verifier = new HostKeyVerifier(knownHosts, hopHost, null, hopName, settings.warnings());
            Identities.HostKeys keys = identities.forHost(hopHost);
            Session session = newSession(hopHost, hopName, verifier, keys);
            try {
                if (through != null) {
                    session.setProxy(through);
                }
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                session.connect((int) Math.min(Integer.MAX_VALUE, left));
            } catch (JSchException | RuntimeException e) {
                session.disconnect();
                if (through != null) {
                    through.close();
                }
                throw new ConnectFailure(hopHost, keys, verifier, hopName).explain(e, System.nanoTime() - deadline >= 0);
            }
            through = new JumpProxy(session);
        }
        return through;
    }

    /**
     * Whether sshd hung up during the handshake, as it does beyond its MaxStartups: the TCP connection was accepted,
     * then closed or reset before the key exchange finished. Worth retrying after a pause.
     */
    private static boolean droppedBySshd(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("closed by foreign host") || m.contains("connection reset") || m.contains("broken pipe")
                    || m.contains("end of io stream")) {
                return true;
            }
        }
        return false;
    }

    /** A handshake sshd dropped; carries the message to give if retries do not help. */
    private static final class DroppedHandshake extends IOException {
        final IOException explained;

        DroppedHandshake(IOException explained) {
            super(explained.getMessage(), explained);
            this.explained = explained;
        }
    }

    /** Turns a failed connection attempt into a one-line message that says what to do. */
    private record ConnectFailure(ResolvedHost host, Identities.HostKeys keys, HostKeyVerifier verifier,
                                  String workerName) {

        /** {@code timeUp}: the attempt failed after its whole connect timeout, which JSch may call "Auth fail". */
        IOException explain(Exception e, boolean timeUp) {
            HostKeyVerifier.Refusal refusal = verifier.refusal();
            if (refusal != null) {
                return new WorkerRefusedException(hostKeyMessage(refusal), e);
            }
            Throwable cause = rootCause(e);
            if (cause instanceof UncheckedIOException unchecked) {
                return unchecked.getCause();
            }
            String message = String.valueOf(e.getMessage());
            // why first: JSch ends a login whose read timed out as "Auth fail", and a refused worker is never retried
            if (timeUp) return timedOut(e);
            if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
                return new WorkerRefusedException(workerName + " refused our SSH keys (tried " + keys.description()
                        + "): check --user and --ssh-identity, and that the key is in the worker's authorized_keys", e);
            }
            if (e instanceof JSchAlgoNegoFailException) {
                return new WorkerRefusedException(workerName + " shares no SSH algorithm with cloudtask: " + message, e);
            }
            if (cause instanceof ConnectException) {
                return new IOException(workerName + " refused the connection on port " + host.port(), e);
            }
            if (cause instanceof UnknownHostException) {
                return new IOException(workerName + ": unknown host " + host.hostName(), e);
            }
            if (cause instanceof NoRouteToHostException) {
                return new IOException(workerName + ": no route to host", e);
            }
            if (cause instanceof SocketTimeoutException || message.contains("timeout")) return timedOut(e);
            return new IOException("cannot connect to " + workerName + ": " + message, e);
        }

        private IOException timedOut(Exception e) {
            return new IOException(workerName + " did not answer within " + host.connectTimeout().toSeconds()
                    + " s (--connect-timeout)", e);
        }

        private String hostKeyMessage(HostKeyVerifier.Refusal refusal) {
            String recordFile = host.knownHostsFiles().isEmpty() ? "a --known-hosts file"
                    : host.knownHostsFiles().get(0).toString();
            String name = host.knownHostsName();
            String presented = verifier.presentedFingerprint();
            String line = "\"" + name + " " + verifier.presentedKey() + "\"";
            List<String> files = verifier.filesWithRefusedEntries().stream().map(Object::toString).toList();
            return switch (refusal) {
                case UNKNOWN -> "host key of " + workerName + " is unknown (" + presented + ", --host-key-policy "
                        + host.hostKeyPolicy().optionValue() + "): after checking that fingerprint, add " + line
                        + " to " + recordFile + ", or use --host-key-policy accept-new";
                case CHANGED -> "HOST KEY OF " + workerName + " HAS CHANGED (now " + presented + ", another key for "
                        + name + " is in " + String.join(", ", files) + "): someone may be intercepting the "
                        + "connection; if the change is expected, remove the old key with: " + files.stream()
                        .map(file -> "ssh-keygen -R '" + name + "' -f " + file).collect(Collectors.joining("; "));
                case REVOKED -> "host key of " + workerName + " (" + presented + ") is marked @revoked in "
                        + String.join(", ", files) + ": refused; someone may be impersonating the host";
                case CERT_AUTHORITY_ONLY -> "host key of " + workerName + " (" + presented + ") is vouched for only "
                        + "by a @cert-authority line in " + String.join(", ", files) + ", and cloudtask does not "
                        + "check host certificates: after checking that fingerprint, add " + line + " to "
                        + recordFile;
                case NOT_THE_REPORTED_KEY -> "host key of " + workerName + " is not the one its provisioner reported "
                        + "(got " + presented + "): someone may be intercepting the connection";
            };
        }

        private static Throwable rootCause(Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                if (cause instanceof UncheckedIOException) {
                    return cause;
                }
                cause = cause.getCause();
            }
            return cause;
        }
    }
}
