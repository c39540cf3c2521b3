package org.cloudtask.jenkins.support;

import java.util.HashSet;
import java.util.Set;

/**
 * The EC2 instances that cloudtask builds on this controller hold. An instance id the EC2 plugin returns as launched
 * is used only if no build holds it already and it is no Jenkins agent: otherwise it is someone else's instance,
 * which cloudtask must neither run jobs on nor terminate.
 */
public final class HeldInstances {

    private final Set<String> held = new HashSet<>();

    /**
     * Takes the instance for one build.
     *
     * @param agentInstanceIds the instance ids of the Jenkins agents now
     * @return false when the id is blank, already held, or an agent's: the instance is not ours
     */
    public synchronized boolean claim(String instanceId, Set<String> agentInstanceIds) {
        if (instanceId == null || instanceId.isBlank() || agentInstanceIds.contains(instanceId)) return false;
        return held.add(instanceId);
    }

    /** The instance is terminated (or was never ours to keep). */
    public synchronized void release(String instanceId) {
        held.remove(instanceId);
    }

    public synchronized boolean holds(String instanceId) {
        return held.contains(instanceId);
    }
}
