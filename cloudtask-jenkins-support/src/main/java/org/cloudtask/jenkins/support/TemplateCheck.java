package org.cloudtask.jenkins.support;

import java.util.Optional;

/**
 * Which EC2 plugin templates cloudtask may launch from. {@code SlaveTemplate.provision} (ec2 2059) hands back
 * orphaned or stopped instances of the template (checkInstance: any that is not a Jenkins node, or is stopped) unless
 * the template avoids orphaned nodes, even under FORCE_CREATE: another build's running workers, or a stopped agent's
 * machine, would come back as "new" and later be terminated by us. Spot templates return agents without an instance
 * id until the request is fulfilled; cloudtask does not follow spot requests, so it refuses them.
 */
public final class TemplateCheck {

    private TemplateCheck() {
    }

    /** Why cloudtask cannot launch from this template, or empty when it can. */
    public static Optional<String> problem(String cloud, String template, boolean spot, boolean avoidsOrphanedNodes) {
        if (spot) {
            return Optional.of("cloudtask: template '" + template + "' of cloud '" + cloud + "' launches spot "
                    + "instances, which cloudtask does not support (their id is known only once the request is "
                    + "fulfilled); use an on-demand template");
        }
        if (!avoidsOrphanedNodes) {
            return Optional.of("cloudtask: template '" + template + "' of cloud '" + cloud + "' may hand back "
                    + "existing orphaned or stopped instances instead of new ones; tick 'Avoid Using Orphaned Nodes' "
                    + "in the template's Advanced settings (Manage Jenkins > Clouds)");
        }
        return Optional.empty();
    }

    /**
     * Why a launched instance cannot be reached at the address the template's connection strategy names, or empty.
     * why: the EC2 plugin's {@code EC2HostAddressProvider.unix} (ec2 2059) returns the instance's public IP for
     * PUBLIC_IP, and for PUBLIC_DNS when there is no public name: null in a subnet that gives no public addresses.
     */
    public static Optional<String> addressProblem(String instanceId, String address, String connectionStrategy) {
        if (address != null && !address.isBlank()) return Optional.empty();
        return Optional.of("instance " + instanceId + " has no address for the template's connection strategy "
                + connectionStrategy + " (a subnet without public addresses?); choose a private strategy in the "
                + "template or a subnet that assigns public IPs");
    }
}
