package org.cloudtask.core.engine;

import java.time.Duration;

/** Refuses settings the engine cannot run with, in one line naming the setting and what is allowed. */
final class SettingsCheck {

    private SettingsCheck() {
    }

    static void check(TaskSettings s) {
        atLeast("split", s.split(), 1);
        atLeast("retries", s.retries(), 0);
        atLeast("strikes", s.strikes(), 0);
        atLeast("slots per worker", s.slotsPerWorker(), 1);
        atLeast("ping retries", s.pingRetries(), 1);
        positive("timeout", s.timeout());
        positive("ping interval", s.pingInterval());
        positive("ping timeout", s.pingTimeout());
        positive("setup timeout", s.setupTimeout());
        if (s.killGrace() == null || s.killGrace().isNegative()) {
            throw new CloudTaskException("the kill grace must be zero or more seconds");
        }
        if (s.bootTimeout() == null || s.bootTimeout().isNegative()) {
            throw new CloudTaskException("the boot timeout must be zero or more seconds");
        }
        if (s.command() != null && (s.command().indexOf('\n') >= 0 || s.command().indexOf('\r') >= 0)) {
            throw new CloudTaskException("the command contains a line break; put multi-line commands in a script");
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) throw new CloudTaskException("the " + name + " must be " + min + " or more, not " + value);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new CloudTaskException("the " + name + " must be more than zero seconds");
        }
    }
}
