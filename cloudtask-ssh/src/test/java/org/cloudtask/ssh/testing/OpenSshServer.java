package org.cloudtask.ssh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cloudtask.core.worker.WorkerAddress;

/**
 * A real OpenSSH {@code sshd} on a loopback address, for end-to-end and fault tests.
 *
 * <p>It runs as the current user and lets only that user in, by key: as root in CI and as an ordinary user on a
 * laptop. It has its own host key, its own {@code authorized_keys} holding generated test client keys (ed25519 and
 * rsa), and logs to a file. Use it in try-with-resources or stop it in {@code @AfterEach}; a JVM shutdown hook stops
 * whatever a test forgot.
 *
 * <pre>{@code
 * try (OpenSshServer worker = OpenSshServer.start("127.0.0.50")) {
 *     worker.writeKnownHosts(knownHosts);
 *     ... connect to worker.workerAddress() with worker.clientKey() ...
 * }
 * }</pre>
 */
public final class OpenSshServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<OpenSshServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(OpenSshServer::stop),
                "cloudtask-openssh-fixture-cleanup"));
    }

    private final String host;
    private final Path directory;
    private final String user = System.getProperty("user.name");
    private final List<String> otherUsers = new ArrayList<>();
    private final Path clientKey;
    private final Path clientRsaKey;
    private String hostKeyType = "ed25519";
    private int port;
    private int maxSessions = 64;
    private String maxStartups = "64";
    private List<String> alsoOn = List.of();
    private Process sshd;

    private OpenSshServer(String host) throws IOException {
        this.host = host;
        this.directory = Files.createTempDirectory("cloudtask-sshd-");
        generateHostKey();
        this.clientKey = LocalProcesses.generateKey(directory.resolve("client_ed25519"), "ed25519", "cloudtask-test");
        this.clientRsaKey = LocalProcesses.generateKey(directory.resolve("client_rsa"), "rsa", "cloudtask-test-rsa");
        Files.writeString(authorizedKeysFile(), publicKeyOf(clientKey) + "\n" + publicKeyOf(clientRsaKey) + "\n");
    }

    /** Starts an sshd on {@code host} (e.g. "127.0.0.50") and a free high port; returns once it accepts connections. */
    public static OpenSshServer start(String host) throws IOException {
        OpenSshServer server = new OpenSshServer(host);
        server.startOnFreePort();
        return server;
    }

    /** Starts an sshd that allows this many sessions per connection and this many unauthenticated connections. */
    public static OpenSshServer start(String host, int maxSessions, String maxStartups) throws IOException {
        OpenSshServer server = new OpenSshServer(host);
        server.maxSessions = maxSessions;
        server.maxStartups = maxStartups;
        server.startOnFreePort();
        return server;
    }

    /**
     * Starts one sshd listening on {@code hosts} (at most 16: OpenSSH's limit of listen sockets), all on the same
     * free high port: many workers for the price of one sshd process. Its logins skip ~/.bashrc (SetEnv SHLVL=1).
     */
    public static OpenSshServer startOnEach(List<String> hosts) throws IOException {
        if (hosts.isEmpty() || hosts.size() > 16) throw new IllegalArgumentException("1 to 16 hosts: " + hosts);
        OpenSshServer server = new OpenSshServer(hosts.get(0));
        server.alsoOn = List.copyOf(hosts.subList(1, hosts.size()));
        server.startOnFreePort();
        return server;
    }

    /** One worker address per address it listens on (see {@link #startOnEach}). */
    public List<WorkerAddress> workerAddresses() {
        List<WorkerAddress> all = new ArrayList<>(List.of(workerAddress()));
        for (String other : alsoOn) all.add(new WorkerAddress(user, other, port, 0, null));
        return all;
    }

    /** known_hosts lines for every address it listens on. */
    public List<String> knownHostsLines() {
        return workerAddresses().stream().map(a -> "[" + a.host() + "]:" + port + " " + hostPublicKey()).toList();
    }

    // ---- what tests need to reach it ----

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The user that may log in: the one running the tests. */
    public String user() {
        return user;
    }

    /** This worker's address, with the login user and port filled in. */
    public WorkerAddress workerAddress() {
        return new WorkerAddress(user, host, port, 0, null);
    }

    /** An ed25519 private key (OpenSSH format, no passphrase) listed in authorized_keys. */
    public Path clientKey() {
        return clientKey;
    }

    /** An rsa private key (OpenSSH format, no passphrase) listed in authorized_keys. */
    public Path clientRsaKey() {
        return clientRsaKey;
    }

    /** The host's public key as {@code "ssh-ed25519 AAAA..."}, without comment. */
    public String hostPublicKey() {
        return publicKeyOf(hostKeyFile());
    }

    /** The known_hosts line for this server: {@code "[host]:port ssh-ed25519 AAAA..."}. */
    public String knownHostsLine() {
        return "[" + host + "]:" + port + " " + hostPublicKey();
    }

    /** Writes (replaces) a known_hosts file holding this server's host key. */
    public Path writeKnownHosts(Path file) throws IOException {
        Files.writeString(file, knownHostsLine() + "\n");
        return file;
    }

    /** Adds a public key line ("type base64 comment") to authorized_keys; takes effect on the next login. */
    public void authorize(String publicKeyLine) throws IOException {
        Files.writeString(authorizedKeysFile(), publicKeyLine.strip() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** The scratch directory holding keys, config and log; deleted by {@link #close()}. */
    public Path directory() {
        return directory;
    }

    public Path logFile() {
        return directory.resolve("sshd.log");
    }

    /** The sshd log so far, for assertion messages. */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public boolean isRunning() {
        return sshd != null && sshd.isAlive();
    }

    /** The listening sshd's process id. */
    public long pid() {
        return sshd.pid();
    }

    /** Every process the sshd has started and that still runs: sessions, their commands, and what those started. */
    public List<Long> descendantPids() {
        if (sshd == null) {
            return List.of();
        }
        return sshd.descendants().map(ProcessHandle::pid).toList();
    }

    // ---- faults ----

    /** Freezes the sshd and everything under it (sessions and commands) with SIGSTOP, like a hung machine. */
    public void freeze() throws IOException {
        LocalProcesses.signal("STOP", processTree());
    }

    /** Undoes {@link #freeze()} with SIGCONT. */
    public void thaw() throws IOException {
        LocalProcesses.signal("CONT", processTree());
    }

    /**
     * Kills the listening sshd and its per-connection session processes with SIGKILL, as a crash would: open
     * connections drop. Commands those sessions started are left alone (a process that called setsid lives on).
     */
    public void killWithSessions() throws IOException {
        if (sshd == null) {
            return;
        }
        List<Long> sshdProcesses = new ArrayList<>();
        sshdProcesses.add(sshd.pid());
        sshd.descendants().filter(OpenSshServer::isSshd).forEach(p -> sshdProcesses.add(p.pid()));
        LocalProcesses.signal("KILL", sshdProcesses);
        awaitExit(sshd);
    }

    /** Starts the sshd again on the same address and port (after a stop, a kill, or a configuration change). */
    public void restart() throws IOException {
        stopProcesses();
        launch();
    }

    /** Replaces the host key with a new one; a running server is restarted so clients see the change. */
    public void regenerateHostKey() throws IOException {
        Files.deleteIfExists(hostKeyFile());
        Files.deleteIfExists(Path.of(hostKeyFile() + ".pub"));
        generateHostKey();
        if (isRunning()) {
            restart();
        }
    }

    /**
     * Replaces the host key with a new one of another type ("rsa", "ecdsa", "ed25519"): the server then presents
     * only that key. A running server is restarted.
     */
    public void replaceHostKey(String type) throws IOException {
        Files.deleteIfExists(hostKeyFile());
        Files.deleteIfExists(Path.of(hostKeyFile() + ".pub"));
        hostKeyType = type;
        generateHostKey();
        if (isRunning()) {
            restart();
        }
    }

    /** Raises the per-connection session limit and the unauthenticated-connection limit, restarting the server. */
    public void raiseLimits(int newMaxSessions, String newMaxStartups) throws IOException {
        this.maxSessions = newMaxSessions;
        this.maxStartups = newMaxStartups;
        restart();
    }

    /**
     * Lets another local user (see {@link TestUser}) log in with the same client keys, restarting the server: sshd
     * reads the authorized keys as that user, so they (not the private keys) become readable to everyone.
     */
    public void allowLogin(String otherUser) throws IOException {
        otherUsers.add(otherUser);
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(authorizedKeysFile(),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        restart();
    }

    /** Stops the sshd and every process still under it. The server can be started again with {@link #restart()}. */
    public void stop() {
        stopProcesses();
    }

    /** Stops the server and deletes its scratch directory. */
    @Override
    public void close() {
        stopProcesses();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- internals ----

    private void startOnFreePort() throws IOException {
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            // why retry: another helper's test may grab the port between our probe and sshd's bind
            port = freePort();
            try {
                launch();
                return;
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private void launch() throws IOException {
        ensurePrivilegeSeparationDirectory();
        Files.writeString(directory.resolve("sshd_config"), config());
        ProcessBuilder builder = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f",
                directory.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        sshd = builder.start();
        sshd.getOutputStream().close();
        RUNNING.add(this);
        awaitListening();
    }

    private String config() {
        StringBuilder c = new StringBuilder();
        c.append("ListenAddress ").append(host).append(':').append(port).append('\n');
        for (String other : alsoOn) c.append("ListenAddress ").append(other).append(':').append(port).append('\n');
        // why for a fleet: bash sources ~/.bashrc for commands sshd starts unless SHLVL says it is nested; a slow
        // one (pyenv init) on every ping and runner start of a hundred workers on one machine swamps it
        if (!alsoOn.isEmpty()) c.append("SetEnv SHLVL=1\n");
        c.append("HostKey ").append(hostKeyFile()).append('\n');
        c.append("AuthorizedKeysFile ").append(authorizedKeysFile()).append('\n');
        c.append("PidFile ").append(directory.resolve("sshd.pid")).append('\n');
        c.append("AllowUsers ").append(user).append(otherUsers.isEmpty() ? "" : " " + String.join(" ", otherUsers))
                .append('\n');
        c.append("""
                UsePAM no
                StrictModes no
                PermitRootLogin prohibit-password
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UseDNS no
                PrintMotd no
                PrintLastLog no
                LogLevel VERBOSE
                Subsystem sftp internal-sftp
                """);
        c.append("MaxSessions ").append(maxSessions).append('\n');
        c.append("MaxStartups ").append(maxStartups).append('\n');
        return c.toString();
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!sshd.isAlive()) {
                RUNNING.remove(this);
                throw new IOException("sshd on " + host + ":" + port + " exited " + sshd.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                sleepBriefly();
            }
        }
        stopProcesses();
        throw new IOException("sshd on " + host + ":" + port + " did not listen within " + START_TIMEOUT + ":\n" + log());
    }

    private void stopProcesses() {
        Process process = sshd;
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(process);
        RUNNING.remove(this);
    }

    private List<Long> processTree() {
        if (sshd == null) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        pids.add(sshd.pid());
        sshd.descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static boolean isSshd(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/sshd") || command.endsWith("/sshd-session"))
                .orElse(false);
    }

    private static void awaitExit(Process process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("sshd " + process.pid() + " did not exit", e);
        }
    }

    private int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    private void generateHostKey() throws IOException {
        LocalProcesses.generateKey(hostKeyFile(), hostKeyType, "cloudtask-test-host");
    }

    private Path hostKeyFile() {
        return directory.resolve("ssh_host_" + hostKeyType + "_key");
    }

    private Path authorizedKeysFile() {
        return directory.resolve("authorized_keys");
    }

    /** sshd insists on its privilege-separation directory when run as root; containers often lack it. */
    private static void ensurePrivilegeSeparationDirectory() throws IOException {
        Path privsep = Path.of("/run/sshd");
        if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
    }

    private static String publicKeyOf(Path privateKey) {
        try {
            String[] fields = Files.readString(Path.of(privateKey + ".pub")).strip().split("\\s+");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleepBriefly() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sshd", e);
        }
    }
}
