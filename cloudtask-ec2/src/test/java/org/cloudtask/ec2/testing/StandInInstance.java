package org.cloudtask.ec2.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
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
        this.spot = "spot".equals(run.get("InstanceMarketOptions.MarketType"));
        this.address = address;
        this.tags = tags;
        this.boot = boot;
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

    int stateCode() {
        return codeOf(state);
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
