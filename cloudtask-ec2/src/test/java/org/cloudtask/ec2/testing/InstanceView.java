package org.cloudtask.ec2.testing;

import java.time.Instant;
import java.util.Map;

/**
 * What a test sees of a stand-in instance.
 *
 * @param hostKey the sshd's host key ({@code "ssh-ed25519 AAAA..."}), or null when the instance runs no sshd
 * @param sshdRunning whether its sshd (or the relay in front of it) is still up
 * @param visibleAt when calls other than RunInstances first found it (eventual consistency)
 * @param terminatedAt when it was terminated, or null
 */
public record InstanceView(String id, String state, String address, String type, boolean spot, String keyName,
                           Map<String, String> tags, String hostKey, Instant launchTime, boolean sshdRunning, Instant visibleAt, Instant terminatedAt) {

    static InstanceView of(StandInInstance i) {
        return new InstanceView(i.id, i.state, i.address, i.type, i.spot, i.keyName, Map.copyOf(i.tags), i.hostKey(),
                i.launchTime, i.hasLiveProcesses(), i.visibleAt, i.terminatedAt);
    }
}
