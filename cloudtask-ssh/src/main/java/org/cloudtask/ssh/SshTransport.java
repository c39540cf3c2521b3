package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;
import org.cloudtask.core.worker.WorkerRefusedException;

/**
 * Reaches workers over SSH (JSch): one connection per worker, opened once and kept for every job, with key
 * authentication only and host keys checked. Create with {@link #create(SshSettings)}.
 */
public final class SshTransport implements Transport {

    private static final int SSH_PORT = 22;

    private final SshSettings settings;
    private final Identities identities;
    // why: a dropped handshake (sshd's MaxStartups, a busy bastion) is worth a few more tries within the timeout
    private static final int HANDSHAKE_ATTEMPTS = 8;

    private final JSch jsch = new JSch();
    private final ConnectGate gate;

    private SshTransport(SshSettings settings, Identities identities) {
        this.settings = settings;
        this.identities = identities;
        this.gate = new ConnectGate(settings.connectRate(), settings.maxStartups());
        jsch.setIdentityRepository(identities);
    }

    /**
     * Loads and decrypts the keys once, up front.
     *
     * @throws IOException with a one-line message when a key cannot be read or decrypted, or there is no key at all
     */
    public static SshTransport create(SshSettings settings) throws IOException {
        Identities identities = Identities.load(settings);
        if (identities.isEmpty() && settings.agentSocket().isEmpty()) {
            throw new IOException("no SSH key to log in with: give --ssh-identity FILE or start an ssh-agent");
        }
        return new SshTransport(settings, identities);
    }

    @Override
    public WorkerConnection connect(WorkerAddress address) throws IOException, InterruptedException {
        String user = address.user() != null ? address.user() : settings.user();
        int port = address.port() == 0 ? SSH_PORT : address.port();
        String workerName = user + "@" + address.displayName();
        for (int attempt = 0; ; attempt++) {
            try {
                return connectOnce(address, user, port, workerName);
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
    private WorkerConnection connectOnce(WorkerAddress address, String user, int port, String workerName)
            throws IOException, InterruptedException {
        HostKeyVerifier verifier = new HostKeyVerifier(settings, address.hostKey(), workerName);
        Session session;
        try {
            session = jsch.getSession(user, address.host(), port);
        } catch (JSchException e) {
            throw new IOException("bad worker address " + address + ": " + e.getMessage(), e);
        }
        session.setHostKeyRepository(verifier);
        session.setThreadFactory(task -> new Thread(() -> {
            // why rename inside: JSch names its threads itself after creating them
            Thread.currentThread().setName("cloudtask-ssh-" + workerName);
            task.run();
        }));
        session.setConfig("StrictHostKeyChecking", "yes");
        // why: password and keyboard-interactive are never tried, even if the server offers them
        session.setConfig("PreferredAuthentications", "publickey");
        // why the runner starts inside the permit too: it is part of joining (a channel, a Perl compile on the
        // worker), and a hundred of them started at once would starve the handshakes under way on a small machine
        try (ConnectGate.Permit permit = gate.enter()) {
            long started = System.nanoTime();
            try {
                session.connect((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
            } catch (JSchException | RuntimeException e) {
                session.disconnect();
                boolean timeUp = System.nanoTime() - started >= settings.connectTimeout().toNanos();
                IOException explained = new ConnectFailure(settings, identities, verifier, workerName, address, port)
                        .explain(e, timeUp);
                if (!(explained instanceof WorkerRefusedException) && droppedBySshd(e)) {
                    throw new DroppedHandshake(explained);
                }
                throw explained;
            }
            if (Thread.interrupted()) {
                session.disconnect();
                throw new InterruptedException("interrupted while connecting to " + workerName);
            }
            return SshWorkerConnection.open(session, workerName, settings.connectTimeout());
        }
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
    private record ConnectFailure(SshSettings settings, Identities identities, HostKeyVerifier verifier,
                                  String workerName, WorkerAddress address, int port) {

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
                return new WorkerRefusedException(workerName + " refused our SSH keys (tried " + identities.description()
                        + "): check --user and --ssh-identity, and that the key is in the worker's authorized_keys", e);
            }
            if (e instanceof JSchAlgoNegoFailException) {
                return new WorkerRefusedException(workerName + " shares no SSH algorithm with cloudtask: " + message, e);
            }
            if (cause instanceof ConnectException) {
                return new IOException(workerName + " refused the connection on port " + port, e);
            }
            if (cause instanceof UnknownHostException) {
                return new IOException(workerName + ": unknown host " + address.host(), e);
            }
            if (cause instanceof NoRouteToHostException) {
                return new IOException(workerName + ": no route to host", e);
            }
            if (cause instanceof SocketTimeoutException || message.contains("timeout")) return timedOut(e);
            return new IOException("cannot connect to " + workerName + ": " + message, e);
        }

        private IOException timedOut(Exception e) {
            return new IOException(workerName + " did not answer within " + settings.connectTimeout().toSeconds()
                    + " s (--connect-timeout)", e);
        }

        private String hostKeyMessage(HostKeyVerifier.Refusal refusal) {
            String knownHosts = settings.knownHostsFiles().isEmpty() ? "a --known-hosts file"
                    : settings.knownHostsFiles().get(0).toString();
            String hostPattern = port == SSH_PORT ? address.host() : "[" + address.host() + "]:" + port;
            return switch (refusal) {
                case UNKNOWN -> "host key of " + workerName + " is unknown (--host-key-policy "
                        + settings.hostKeyPolicy().optionValue() + "): add \"" + hostPattern + " "
                        + verifier.presentedKey() + "\" to " + knownHosts
                        + " after checking it, or use --host-key-policy accept-new";
                case CHANGED -> "HOST KEY OF " + workerName + " HAS CHANGED (now " + verifier.presentedKey()
                        + "): someone may be intercepting the connection; if the change is expected, remove the old "
                        + "key with: ssh-keygen -R '" + hostPattern + "' -f " + knownHosts;
                case NOT_THE_REPORTED_KEY -> "host key of " + workerName + " is not the one its provisioner reported "
                        + "(got " + verifier.presentedKey() + "): someone may be intercepting the connection";
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
