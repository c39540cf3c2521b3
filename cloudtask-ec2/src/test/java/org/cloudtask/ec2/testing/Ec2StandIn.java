package org.cloudtask.ec2.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.ssh.testing.OpenSshServer;

/**
 * A wire-level stand-in for the EC2 API endpoint, for tests: HTTP on 127.0.0.1 answering the Query API calls the
 * AWS SDK makes, in the real XML format. Each instance it "launches" is a real OpenSSH sshd on a fresh address from
 * 127.0.0.100-199, reachable on {@link #sshPort()} like a real instance on port 22, with {@link #clientKey()}
 * authorized for {@link #user()} (like an EC2 key pair) and its host key in the console output as cloud-init prints
 * it. Terminating an instance stops its sshd.
 *
 * <pre>{@code
 * try (Ec2StandIn ec2 = Ec2StandIn.start()) {
 *     Ec2Settings settings = new Ec2Settings().endpoint(ec2.endpoint()).ami("ami-test").sshPort(ec2.sshPort());
 *     ...
 *     ec2.assertNothingLeft();
 * }
 * }</pre>
 */
public final class Ec2StandIn implements AutoCloseable {

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer http;
    private final ExecutorService executor;
    private final int sshPort;
    private final Path keyDirectory;
    private final Path clientKey;
    private final Map<String, StandInInstance> instances = new LinkedHashMap<>();
    private final Map<String, Deque<Ec2Fault>> faults = new HashMap<>();
    private final Deque<StandInInstance.Boot> boots = new ArrayDeque<>();
    private final List<QueryRequest> calls = new ArrayList<>();
    private final Ec2Actions actions = new Ec2Actions(this);
    private int pendingDescribes = 1;
    private boolean publicAddresses = true;
    private boolean hostKeysInConsole = true;
    private boolean tagSpecifications = true;
    private int nextId = 1;

    private Ec2StandIn() throws IOException {
        keyDirectory = Files.createTempDirectory("cloudtask-ec2-standin-");
        clientKey = keyDirectory.resolve("id_ed25519");
        generateClientKey();
        sshPort = freePort();
        int number = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cloudtask-ec2-standin-" + number + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.createContext(InstanceMetadata.PREFIX, new InstanceMetadata(this)::handle);
        http.start();
    }

    public static Ec2StandIn start() throws IOException {
        return new Ec2StandIn();
    }

    // ---- what clients need ----

    /** The endpoint to give the SDK ({@code Ec2Settings.endpoint}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The port every instance answers SSH on ({@code Ec2Settings.sshPort}). */
    public int sshPort() {
        return sshPort;
    }

    /** A private key (OpenSSH format, no passphrase) that every instance accepts for {@link #user()}. */
    public Path clientKey() {
        return clientKey;
    }

    /** The login user of every instance: the one running the tests. */
    public String user() {
        return System.getProperty("user.name");
    }

    // ---- fault hooks ----

    /** The next {@code times} calls of {@code action} (e.g. "RunInstances") fail with {@code fault}. */
    public synchronized void failNext(String action, int times, Ec2Fault fault) {
        Deque<Ec2Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) queue.add(fault);
    }

    /** The next {@code count} instances stay pending for ever. */
    public synchronized void nextInstancesStayPending(int count) {
        queueBoots(StandInInstance.Boot.STAYS_PENDING, count);
    }

    /** The next {@code count} instances go to terminated on their own while booting (capacity taken back). */
    public synchronized void nextInstancesDieWhileBooting(int count) {
        queueBoots(StandInInstance.Boot.DIES_WHILE_BOOTING, count);
    }

    /** The next {@code count} instances reach running with an address, but nothing ever answers SSH there. */
    public synchronized void nextInstancesSilent(int count) {
        queueBoots(StandInInstance.Boot.SILENT, count);
    }

    /** How many DescribeInstances calls show a new instance as pending before it is running (default 1). */
    public synchronized void pendingDescribes(int rounds) {
        pendingDescribes = rounds;
    }

    /** Instances get only a private address, as in a VPC without public IPs. */
    public synchronized void withoutPublicAddresses() {
        publicAddresses = false;
    }

    /** Console output without the cloud-init host key block, as on images without cloud-init. */
    public synchronized void withoutHostKeysInConsole() {
        hostKeysInConsole = false;
    }

    /** RunInstances ignores tag specifications, as some EC2-compatible clouds do: tags come only by CreateTags. */
    public synchronized void ignoreTagSpecifications() {
        tagSpecifications = false;
    }

    synchronized boolean honoursTagSpecifications() {
        return tagSpecifications;
    }

    /**
     * The spot interruption notice appears in the instance's metadata ({@link #metadataEndpoint}), with the time
     * two minutes from now when EC2 would take the instance back.
     */
    public synchronized void noticeSpotInterruption(String instanceId) {
        instance(instanceId).spotNoticeTime = java.time.Instant.now().plusSeconds(120);
    }

    /** EC2 takes a spot instance back: it goes to terminated and its sshd stops. */
    public synchronized void reclaimSpot(String instanceId) {
        StandInInstance i = instance(instanceId);
        i.powerOff();
        i.state = "terminated";
        i.stateReason = "Server.SpotInstanceTermination";
    }

    /**
     * Where this instance's metadata service answers, standing in for {@code http://169.254.169.254}: {@code
     * <endpoint>/latest/meta-data/spot/instance-action} and {@code PUT <endpoint>/latest/api/token}.
     */
    public URI metadataEndpoint(String instanceId) {
        return URI.create(endpoint() + InstanceMetadata.PREFIX + instanceId);
    }

    /** The sshd behind a running instance: {@code killWithSessions()}, {@code freeze()} and the like. */
    public synchronized OpenSshServer sshd(String instanceId) {
        return instance(instanceId).sshd();
    }

    // ---- observing ----

    public synchronized List<InstanceView> instances() {
        return instances.values().stream().map(InstanceView::of).toList();
    }

    /** Instances not terminated. */
    public synchronized List<InstanceView> liveInstances() {
        return instances.values().stream().filter(i -> !i.isTerminated()).map(InstanceView::of).toList();
    }

    /** The parameters of every call of {@code action} so far, oldest first. */
    public synchronized List<Map<String, String>> calls(String action) {
        return calls.stream().filter(c -> action.equals(c.action())).map(QueryRequest::all).toList();
    }

    /** Throws unless every instance is terminated and no sshd of an instance is left running. */
    public synchronized void assertNothingLeft() {
        List<String> left = instances.values().stream()
                .filter(i -> !i.isTerminated() || i.hasLiveProcesses())
                .map(i -> i.id + " (" + i.state + (i.hasLiveProcesses() ? ", sshd running" : "") + ")").toList();
        if (!left.isEmpty()) throw new AssertionError("stand-in instances left: " + left);
    }

    /** Stops every instance's sshd and the endpoint. Safe to call twice. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            instances.values().forEach(StandInInstance::powerOff);
        }
        try (var files = Files.walk(keyDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing else to do
        }
    }

    // ---- for Ec2Actions ----

    synchronized Ec2Fault nextFault(String action) {
        Deque<Ec2Fault> queue = faults.get(action);
        return queue == null ? null : queue.poll();
    }

    synchronized StandInInstance launchOne(String reservationId, QueryRequest run, Map<String, String> tags) throws IOException {
        StandInInstance.Boot boot = boots.isEmpty() ? StandInInstance.Boot.NORMAL : boots.poll();
        IOException lastFailure = null;
        for (int attempt = 0; attempt < LoopbackAddresses.COUNT; attempt++) {
            String address = LoopbackAddresses.next();
            if (addressInUse(address)) continue;
            StandInInstance instance = new StandInInstance(String.format("i-%017x", nextId++), reservationId, run,
                    address, tags, boot);
            instance.publicAddress = publicAddresses;
            try {
                instance.powerOn(sshPort, Files.readString(Path.of(clientKey + ".pub")));
            } catch (IOException busy) {
                // why: another JVM's test may hold this address and port; try the next address
                lastFailure = busy;
                continue;
            }
            instances.put(instance.id, instance);
            return instance;
        }
        throw new IOException("no free loopback address in 127.0.0.100-199", lastFailure);
    }

    synchronized List<StandInInstance> byClientToken(String token) {
        return instances.values().stream().filter(i -> token != null && token.equals(i.clientToken)).toList();
    }

    synchronized List<StandInInstance> all() {
        return new ArrayList<>(instances.values());
    }

    synchronized StandInInstance find(String instanceId) {
        return instances.get(instanceId);
    }

    /** Moves a booting instance along: called each time DescribeInstances shows it. */
    synchronized void advance(StandInInstance i) {
        if (!i.state.equals("pending")) return;
        switch (i.boot) {
            case STAYS_PENDING -> { }
            case DIES_WHILE_BOOTING -> {
                i.state = "terminated";
                i.stateReason = "Server.InternalError";
            }
            default -> {
                if (++i.describedWhilePending > pendingDescribes) i.state = "running";
            }
        }
    }

    synchronized String consoleOf(StandInInstance i) {
        if (!i.state.equals("running")) return "";
        StringBuilder console = new StringBuilder("[    0.000000] Linux version 6.1.0 (stand-in)\n")
                .append("Cloud-init v. 23.1 running 'modules:final'\n");
        if (hostKeysInConsole && i.hostKey() != null) {
            console.append("-----BEGIN SSH HOST KEY KEYS-----\n").append(i.hostKey()).append(" root@")
                    .append(i.address).append('\n').append("-----END SSH HOST KEY KEYS-----\n");
        }
        return console.append("Cloud-init v. 23.1 finished\n").toString();
    }

    private StandInInstance instance(String instanceId) {
        StandInInstance i = instances.get(instanceId);
        if (i == null) throw new IllegalArgumentException("no stand-in instance " + instanceId);
        return i;
    }

    private boolean addressInUse(String address) {
        return instances.values().stream().anyMatch(i -> i.address.equals(address) && !i.isTerminated());
    }

    private void queueBoots(StandInInstance.Boot boot, int count) {
        for (int i = 0; i < count; i++) boots.add(boot);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            QueryRequest request = QueryRequest.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            synchronized (this) {
                calls.add(request);
            }
            Ec2Actions.Answer answer = signed(exchange) ? actions.answer(request)
                    : new Ec2Actions.Answer(401, Ec2Xml.error(new Ec2Fault(401, "AuthFailure", "request not signed")));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The SDK signs every request with SigV4; an unsigned one means credentials did not reach the SDK. */
    private static boolean signed(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=");
    }

    private void generateClientKey() throws IOException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cloudtask-ec2-standin",
                "-f", clientKey.toString()).redirectErrorStream(true).start();
        try {
            if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
                keygen.destroyForcibly();
                throw new IOException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            keygen.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the stand-in's client key", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
