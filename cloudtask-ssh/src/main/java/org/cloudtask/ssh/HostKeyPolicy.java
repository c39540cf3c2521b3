package org.cloudtask.ssh;

import java.util.Locale;

/** What to do with a worker's host key that known_hosts does not vouch for. */
public enum HostKeyPolicy {
    /** Refuse unknown and changed keys. */
    STRICT,
    /** Record unknown keys in the first known_hosts file; refuse changed keys. */
    ACCEPT_NEW,
    /** Check nothing, but warn on every connection. */
    OFF;

    /** Parses {@code strict}, {@code accept-new} or {@code off}, as written on the command line. */
    public static HostKeyPolicy parse(String text) {
        for (HostKeyPolicy policy : values()) {
            if (policy.optionValue().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException(
                "unknown host key policy \"" + text + "\": use strict, accept-new or off");
    }

    /** The policy as written on the command line. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
