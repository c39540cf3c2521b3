package org.cloudtask.core.session;

import org.cloudtask.core.worker.WorkerAddress;

/** Reads back what {@link WorkerAddress#toString()} wrote: {@code [N/][user@]host[:port]}, IPv6 in brackets. */
final class WorkerAddressText {

    private WorkerAddressText() {
    }

    static WorkerAddress parse(String text) {
        String rest = text;
        int slots = 0;
        int slash = rest.indexOf('/');
        if (slash > 0 && rest.substring(0, slash).chars().allMatch(Character::isDigit)) {
            slots = Integer.parseInt(rest.substring(0, slash));
            rest = rest.substring(slash + 1);
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String host = rest;
        int port = 0;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            host = rest.substring(1, close);
            if (close + 1 < rest.length()) port = Integer.parseInt(rest.substring(close + 2));
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon > 0 && rest.indexOf(':') == colon) {
                host = rest.substring(0, colon);
                port = Integer.parseInt(rest.substring(colon + 1));
            }
        }
        return new WorkerAddress(user, host, port, slots, null);
    }
}
