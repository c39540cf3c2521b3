package org.cloudtask.core.worker;

import java.util.Objects;

/**
 * Where a worker is and how many jobs it runs at once.
 *
 * @param user    login name, or null for the front end's default
 * @param host    host name or IP address (IPv6 without brackets); for local workers a name such as {@code local-1}
 * @param port    TCP port, or 0 for the transport's default
 * @param slots   jobs this worker runs at once, or 0 for the task's default
 * @param hostKey the worker's host key as {@code "<type> <base64>"} when it is known in advance (a provisioner read it
 *                from the console output), else null and the transport's host-key policy decides
 */
public record WorkerAddress(String user, String host, int port, int slots, String hostKey) {

    public WorkerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) throw new IllegalArgumentException("empty host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (slots < 0) throw new IllegalArgumentException("negative slots: " + slots);
    }

    public static WorkerAddress of(String host) {
        return new WorkerAddress(null, host, 0, 0, null);
    }

    public WorkerAddress withSlots(int newSlots) {
        return new WorkerAddress(user, host, port, newSlots, hostKey);
    }

    public WorkerAddress withUser(String newUser) {
        return new WorkerAddress(newUser, host, port, slots, hostKey);
    }

    public WorkerAddress withHostKey(String newHostKey) {
        return new WorkerAddress(user, host, port, slots, newHostKey);
    }

    /** The short name shown in status lines and logs: {@code host} or {@code host:port} ({@code [v6]:port}). */
    public String displayName() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == 0 ? h : h + ":" + port;
    }

    /** The address as a user would write it: {@code [N/][user@]host[:port]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (slots > 0) s.append(slots).append('/');
        if (user != null) s.append(user).append('@');
        if (port == 0 && host.contains(":")) s.append('[').append(host).append(']');
        else s.append(displayName());
        return s.toString();
    }
}
