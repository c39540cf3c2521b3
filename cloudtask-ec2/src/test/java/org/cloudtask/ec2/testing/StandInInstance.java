package org.cloudtask.ec2.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.cloudtask.ssh.testing.OpenSshServer;

/** One stand-in "instance": its EC2 state and, while it runs, the real sshd behind its address. */
final class StandInInstance {

    /** How an instance behaves while booting, set by the test's fault hooks. */
    enum Boot { NORMAL, STAYS_PENDING, DIES_WHILE_BOOTING, SILENT }

    final String id;
    final String reservationId;
    final String imageId;
    final String type;
    final String keyName;
    final String clientToken;
    /** The RunInstances parameters besides the token, to refuse a reused token with other parameters. */
    final String runParameters;
    /** "stop" (EC2's default) or "terminate": what powering off from inside does (RunInstances InstanceInitiatedShutdownBehavior). */
    final String shutdownBehavior;
    final boolean spot;
    final String address;
    final Instant launchTime = Instant.now();
    final Map<String, String> tags;
    final Boot boot;
    boolean publicAddress = true;
    String state = "pending";
    String stateReason;
    Instant spotNoticeTime;
    int describedWhilePending;
    /** When other calls first see it ("Eventual consistency in the Amazon EC2 API": a new id is not found for a while). */
    Instant visibleAt = Instant.MIN;
    /** When TerminateInstances (or EC2 itself) took it; null while it lives. */
    Instant terminatedAt;
    /** How long it shows as shutting-down before terminated, and how long it stays visible once terminated. */
    Duration shuttingDownFor = Duration.ZERO;
    Duration terminatedVisibleFor;
    /** How long after reaching running the (non-latest) console output stays empty. */
    Duration consoleEmptyFor = Duration.ZERO;
    Instant runningAt;
    private OpenSshServer sshd;
    private PortForwarder forwarder;
    private boolean poweredOff;
    private String hostKey;

    StandInInstance(String id, String reservationId, QueryRequest run, String address, Map<String, String> tags, Boot boot) {
        this.id = id;
        this.reservationId = reservationId;
        this.imageId = run.get("ImageId");
        this.type = run.get("InstanceType") == null ? "m1.small" : run.get("InstanceType");
        this.keyName = run.get("KeyName");
        this.clientToken = run.get("ClientToken");
        this.runParameters = runParameters(run);
        this.shutdownBehavior = run.get("InstanceInitiatedShutdownBehavior") == null ? "stop"
                : run.get("InstanceInitiatedShutdownBehavior");
        this.spot = "spot".equals(run.get("InstanceMarketOptions.MarketType"));
        this.address = address;
        this.tags = tags;
        this.boot = boot;
    }

    static String runParameters(QueryRequest run) {
        return run.get("ImageId") + " " + run.get("InstanceType") + " " + run.get("MinCount") + " " + run.get("MaxCount")
                + " " + run.get("KeyName") + " " + run.get("InstanceMarketOptions.MarketType");
    }

    /** Starts the sshd and the relay on the shared SSH port; a silent instance starts nothing. */
    void powerOn(int sshPort, String authorizedKey) throws IOException {
        if (boot != Boot.NORMAL) return;
        sshd = OpenSshServer.start(address);
        try {
            hostKey = sshd.hostPublicKey();
            sshd.authorize(authorizedKey);
            forwarder = new PortForwarder(address, sshPort, new InetSocketAddress(address, sshd.port()));
        } catch (IOException e) {
            powerOff();
            throw e;
        }
    }

    void powerOff() {
        if (poweredOff) return;
        poweredOff = true;
        if (forwarder != null) forwarder.close();
        if (sshd != null) sshd.close();
    }

    /** The sshd's host key ("ssh-ed25519 AAAA..."), or null for an instance without one. */
    String hostKey() {
        return hostKey;
    }

    OpenSshServer sshd() {
        if (sshd == null || poweredOff) throw new IllegalStateException(id + " runs no sshd (" + boot + ", " + state + ")");
        return sshd;
    }

    boolean hasLiveProcesses() {
        return (sshd != null && sshd.isRunning()) || (forwarder != null && forwarder.isOpen());
    }

    boolean isTerminated() {
        return state.equals("terminated");
    }

    /** Terminated now: its sshd stops, its state goes through shutting-down to terminated. */
    void terminate(String reason) {
        powerOff();
        if (isTerminated()) return;
        state = "terminated";
        stateReason = reason;
        terminatedAt = Instant.now();
    }

    void running() {
        state = "running";
        runningAt = Instant.now();
    }

    /**
     * The state as DescribeInstances shows it. From the TerminateInstances page of the EC2 API Reference: a
     * terminated instance first shows {@code shutting-down}.
     */
    String shownState() {
        if (isTerminated() && Instant.now().isBefore(terminatedAt.plus(shuttingDownFor))) return "shutting-down";
        return state;
    }

    /**
     * Whether calls naming it find it now. "Eventual consistency in the Amazon EC2 API": a new instance can be
     * unknown for a while; TerminateInstances: "Terminated instances remain visible after termination (for
     * approximately one hour)", then they are unknown.
     */
    boolean visible() {
        Instant now = Instant.now();
        if (now.isBefore(visibleAt)) return false;
        return terminatedAt == null || terminatedVisibleFor == null || now.isBefore(terminatedAt.plus(terminatedVisibleFor));
    }

    /** GetConsoleOutput without Latest: only buffered output posted a while after the instance started. */
    boolean consolePosted() {
        return runningAt != null && !Instant.now().isBefore(runningAt.plus(consoleEmptyFor));
    }

    int stateCode() {
        return codeOf(shownState());
    }

    static int codeOf(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            default -> 80;
        };
    }
}
