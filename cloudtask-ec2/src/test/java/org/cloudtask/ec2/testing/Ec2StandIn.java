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
import java.time.Duration;
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
    private final List<String> signingRegions = new ArrayList<>();
    // ---- how much like EC2 it behaves: off by default (always consistent), see realistic() ----
    private java.util.Random random = new java.util.Random(1);
    private Duration invisibleMin = Duration.ZERO;
    private Duration invisibleMax = Duration.ZERO;
    private final Deque<Duration> nextInvisible = new ArrayDeque<>();
    private Duration terminatedVisibleFor;
    private Duration shuttingDownFor = Duration.ZERO;
    private Duration consoleEmptyFor = Duration.ZERO;
    private int pageSize = Integer.MAX_VALUE;
    private int filterValueLimit = Integer.MAX_VALUE;
    private boolean imdsTokensRequired;
    private boolean imdsRejectsTokens;
    private boolean latestNeedsNitro;
    private boolean allSilent;
    private Integer capacityForNext;
    private Integer instanceQuota;
    private final Map<String, Integer> lostAnswers = new HashMap<>();
    private final Map<String, Integer> hungAnswers = new HashMap<>();
    private double lossRate;
    private volatile boolean closed;

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

    // ---- behaving like EC2 (each from the page of the EC2 API Reference or User Guide named) ----

    /**
     * Behaves like EC2 as documented, rather than always consistent: new instances stay unknown for 0.5-1.5 s
     * ("Eventual consistency in the Amazon EC2 API"), terminated ones show shutting-down for 0.3 s and are unknown 5 s
     * after (TerminateInstances: "remain visible after termination (for approximately one hour)"), the non-latest
     * console output is empty for 1 s after running and {@code Latest=true} is refused on Xen types
     * (GetConsoleOutput), DescribeInstances answers pages of 5 ({@code NextToken}) and refuses more than 200 values
     * in a filter, and the instance metadata requires an IMDSv2 token. Each can be changed after this call.
     */
    public synchronized Ec2StandIn realistic() {
        newInstancesInvisibleFor(Duration.ofMillis(500), Duration.ofMillis(1500));
        terminatedInstancesVisibleFor(Duration.ofSeconds(5));
        shuttingDownFor = Duration.ofMillis(300);
        consoleEmptyFor = Duration.ofSeconds(1);
        pageSize = 5;
        filterValueLimit = 200;
        imdsTokensRequired = true;
        latestNeedsNitro = true;
        return this;
    }

    /** Seeds the random choices (invisibility, lost answers), for a test that prints its seed. */
    public synchronized Ec2StandIn seed(long seed) {
        random = new java.util.Random(seed);
        return this;
    }

    /** Each new instance stays unknown to every call but RunInstances for a random time in [min, max]. */
    public synchronized Ec2StandIn newInstancesInvisibleFor(Duration min, Duration max) {
        invisibleMin = min;
        invisibleMax = max;
        return this;
    }

    /** The next instances stay unknown for these times, one each, before the random range applies again. */
    public synchronized void nextInstancesInvisibleFor(Duration... times) {
        nextInvisible.addAll(List.of(times));
    }

    /** Terminated instances are unknown ({@code InvalidInstanceID.NotFound}, absent from filters) this long after. */
    public synchronized Ec2StandIn terminatedInstancesVisibleFor(Duration time) {
        terminatedVisibleFor = time;
        return this;
    }

    /** A terminated instance shows shutting-down this long before terminated. */
    public synchronized Ec2StandIn shuttingDownFor(Duration time) {
        shuttingDownFor = time;
        return this;
    }

    /** The non-latest console output stays empty this long after the instance reaches running. */
    public synchronized Ec2StandIn consoleEmptyFor(Duration time) {
        consoleEmptyFor = time;
        return this;
    }

    /** DescribeInstances answers at most this many instances per page, with a {@code NextToken} for the rest. */
    public synchronized Ec2StandIn pageSize(int instances) {
        pageSize = instances;
        return this;
    }

    /** The metadata refuses every token (401), as when the token came through too many hops or expired. */
    public synchronized void imdsRejectsTokens() {
        imdsRejectsTokens = true;
    }

    /** Every instance reaches running without an sshd (fast, for tests of the API alone). */
    public synchronized Ec2StandIn instancesWithoutSshd() {
        allSilent = true;
        return this;
    }

    /**
     * The next RunInstances finds capacity for only this many instances: it launches that many if MinCount allows
     * (RunInstances: "If MaxCount is more than Amazon EC2 can launch ..., Amazon EC2 launches the largest possible
     * number of instances above MinCount"), else fails with InsufficientInstanceCapacity.
     */
    public synchronized void capacityForNext(int instances) {
        capacityForNext = instances;
    }

    /**
     * The account may run this many instances at once; a RunInstances asking for more fails with VcpuLimitExceeded
     * (EC2 API Reference, "Error codes": the request exceeds the vCPU limit of the account).
     */
    public synchronized void instanceQuota(int instances) {
        instanceQuota = instances;
    }

    /**
     * The next {@code times} calls of {@code action} take effect, but their answer is lost (the connection closes
     * without one): "Ensuring idempotency in Amazon EC2 API requests", a request can time out after taking effect.
     */
    public synchronized void loseAnswers(String action, int times) {
        lostAnswers.merge(action, times, Integer::sum);
    }

    /** Every call's answer is lost with this probability (the call still takes effect), for chaos tests. */
    public synchronized Ec2StandIn loseAnswersAtRandom(double probability) {
        lossRate = probability;
        return this;
    }

    /** The next {@code times} calls of {@code action} take effect and then never answer (until the stand-in closes). */
    public synchronized void hangAnswers(String action, int times) {
        hungAnswers.merge(action, times, Integer::sum);
    }

    /** The instance powers itself off: stopped, or terminated when launched with InstanceInitiatedShutdownBehavior=terminate. */
    public synchronized void shutDownFromInside(String instanceId) {
        StandInInstance i = instance(instanceId);
        if (i.shutdownBehavior.equals("terminate")) {
            i.terminate("Client.InstanceInitiatedShutdown");
        } else {
            i.powerOff();
            i.state = "stopped";
            i.stateReason = "Client.InstanceInitiatedShutdown";
        }
    }

    /** The region of every signed call so far (from its SigV4 credential scope), oldest first. */
    public synchronized List<String> signingRegions() {
        return List.copyOf(signingRegions);
    }

    synchronized int pageSize() {
        return pageSize;
    }

    synchronized int filterValueLimit() {
        return filterValueLimit;
    }

    synchronized boolean imdsTokensRequired() {
        return imdsTokensRequired;
    }

    synchronized boolean imdsRejectsTokensNow() {
        return imdsRejectsTokens;
    }

    synchronized boolean latestNeedsNitro() {
        return latestNeedsNitro;
    }

    /** How many of {@code max} instances (at least {@code min}) there is room for now, or a fault. */
    synchronized Object room(int min, int max) {
        int room = max;
        if (capacityForNext != null) {
            room = Math.min(room, capacityForNext);
            capacityForNext = null;
            if (room < min) return Ec2Fault.INSUFFICIENT_CAPACITY;
        }
        if (instanceQuota != null) {
            long live = instances.values().stream().filter(i -> !i.isTerminated()).count();
            if (live + max > instanceQuota) {
                return new Ec2Fault(400, "VcpuLimitExceeded", "You have requested more vCPU capacity than your current "
                        + "vCPU limit of " + instanceQuota + " allows for the instance bucket that the specified instance type belongs to.");
            }
        }
        return room;
    }

    /** Whether this call's answer is to be lost, or to hang: "lose", "hang" or null. */
    synchronized String answerFate(String action) {
        if (take(lostAnswers, action)) return "lose";
        if (take(hungAnswers, action)) return "hang";
        return lossRate > 0 && random.nextDouble() < lossRate ? "lose" : null;
    }

    private static boolean take(Map<String, Integer> counts, String action) {
        Integer left = counts.get(action);
        if (left == null || left == 0) return false;
        counts.put(action, left - 1);
        return true;
    }

    private Duration nextInvisibility() {
        if (!nextInvisible.isEmpty()) return nextInvisible.poll();
        long spread = invisibleMax.toMillis() - invisibleMin.toMillis();
        return invisibleMin.plusMillis(spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
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
        instance(instanceId).terminate("Server.SpotInstanceTermination");
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
        closed = true;
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
        StandInInstance.Boot boot = boots.isEmpty() ? (allSilent ? StandInInstance.Boot.SILENT : StandInInstance.Boot.NORMAL) : boots.poll();
        IOException lastFailure = null;
        for (int attempt = 0; attempt < LoopbackAddresses.COUNT; attempt++) {
            String address = LoopbackAddresses.next();
            if (addressInUse(address)) continue;
            StandInInstance instance = new StandInInstance(String.format("i-%017x", nextId++), reservationId, run,
                    address, tags, boot);
            instance.publicAddress = publicAddresses;
            instance.terminatedVisibleFor = terminatedVisibleFor;
            instance.shuttingDownFor = shuttingDownFor;
            instance.consoleEmptyFor = consoleEmptyFor;
            try {
                instance.powerOn(sshPort, Files.readString(Path.of(clientKey + ".pub")));
            } catch (IOException busy) {
                // why: another JVM's test may hold this address and port; try the next address
                lastFailure = busy;
                continue;
            }
            // why: counted from the answer, not from before the sshd started, so a loaded machine does not shorten it
            instance.visibleAt = java.time.Instant.now().plus(nextInvisibility());
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
            case DIES_WHILE_BOOTING -> i.terminate("Server.InternalError");
            default -> {
                if (++i.describedWhilePending > pendingDescribes) i.running();
            }
        }
    }

    /** The console output; without {@code latest}, empty until the output was posted (GetConsoleOutput). */
    synchronized String consoleOf(StandInInstance i, boolean latest) {
        if (!i.state.equals("running")) return "";
        if (!latest && !i.consolePosted()) return "";
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
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            synchronized (this) {
                calls.add(request);
                if (signed(exchange)) signingRegions.add(authorization.split("/")[2]);
            }
            Ec2Actions.Answer answer = signed(exchange) ? actions.answer(request)
                    : new Ec2Actions.Answer(401, Ec2Xml.error(new Ec2Fault(401, "AuthFailure", "request not signed")));
            String fate = answerFate(String.valueOf(request.action()));
            if ("lose".equals(fate)) return; // why: closing the exchange before any header drops the connection: no answer
            if ("hang".equals(fate)) {
                while (!closed) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                return;
            }
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
