package org.cloudtask.ec2;

import org.cloudtask.core.worker.WorkerAddress;

/** Reads {@code [user@]host[:port]} (IPv6 as {@code [addr]:port} or bare) as a launch command prints it. */
public final class WorkerAddressParser {

    private WorkerAddressParser() { }

    /** @throws IllegalArgumentException with a one-line message naming what is wrong */
    public static WorkerAddress parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a worker address (expected [user@]host[:port]): " + text);
        }
        String user = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            user = s.substring(0, at);
            s = s.substring(at + 1);
            if (user.isEmpty()) throw new IllegalArgumentException("empty user name in worker address: " + text);
        }
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("unclosed [ in worker address: " + text);
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw new IllegalArgumentException("unexpected text after ] in worker address: " + text);
                port = rest.substring(1);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("empty host in worker address: " + text);
        return new WorkerAddress(user, host, port == null ? 0 : parsePort(port, text), 0, null);
    }

    private static int parsePort(String port, String text) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) return value;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port in worker address (1-65535): " + text);
    }
}
