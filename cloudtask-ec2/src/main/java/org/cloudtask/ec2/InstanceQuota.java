package org.cloudtask.ec2;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps the instances alive at once within {@code --max-instances}, counting the ones being requested, across every
 * launch of one provisioner; and remembers which ones the engine destroyed, so a launch does not replace them.
 */
final class InstanceQuota {

    private final int max;
    private final Set<String> live = new HashSet<>();
    private final Set<String> destroyed = new HashSet<>();
    private int reserved;

    InstanceQuota(int max) {
        this.max = max;
    }

    /** Reserves room for up to {@code wanted} instances; returns how many fit. */
    synchronized int reserve(int wanted) {
        int granted = Math.max(0, Math.min(wanted, max - live.size() - reserved));
        reserved += granted;
        return granted;
    }

    synchronized void release(int unused) {
        reserved -= unused;
    }

    /** A reserved place was taken by a real instance. */
    synchronized void created(String instanceId) {
        reserved--;
        live.add(instanceId);
    }

    synchronized void gone(String instanceId) {
        live.remove(instanceId);
    }

    /** The engine asked to destroy this instance: a launch still watching it must not replace it. */
    synchronized void destroyRequested(String instanceId) {
        destroyed.add(instanceId);
    }

    synchronized boolean wasDestroyRequested(String instanceId) {
        return destroyed.contains(instanceId);
    }

    synchronized int live() {
        return live.size();
    }

    int max() {
        return max;
    }
}
