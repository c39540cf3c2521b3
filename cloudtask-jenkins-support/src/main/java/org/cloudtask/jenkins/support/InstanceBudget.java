package org.cloudtask.jenkins.support;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps cloudtask's launches within the EC2 plugin's instance caps. The plugin's own {@code SlaveTemplate.provision}
 * skips the caps, and concurrent provisioning is a known way to break them, so every build on this controller
 * reserves its instances here, under one lock, before launching, and releases them once they are terminated.
 *
 * <p>{@code existing} is what Jenkins already runs from the cloud (its agents); the caps are the cloud's and the
 * template's as the EC2 plugin keeps them (ec2 2059, EC2Cloud.java:276-280, SlaveTemplate.java:407-411): an empty
 * cap field is {@link #NO_CAP}; any other value is a limit, 0 included (EC2Cloud.getPossibleNewSlavesCount computes
 * {@code cap - count}, so 0 allows no instance).
 */
public final class InstanceBudget {

    /** The EC2 plugin's value for "no cap" (an empty cap field). */
    public static final int NO_CAP = Integer.MAX_VALUE;

    private final Map<String, Integer> reservedByCloud = new HashMap<>();
    private final Map<String, Integer> reservedByTemplate = new HashMap<>();

    /**
     * Reserves up to {@code wanted} instances and returns how many were granted (possibly 0).
     *
     * @param existingInCloud    instances of the cloud that Jenkins runs as agents now
     * @param existingOfTemplate those of them made from this template
     */
    public synchronized int reserve(String cloud, String template, int wanted, int cloudCap, int templateCap,
                                    int existingInCloud, int existingOfTemplate) {
        String templateKey = cloud + '\0' + template;
        int granted = Math.max(0, wanted);
        granted = Math.min(granted, room(cloudCap, existingInCloud + reservedByCloud.getOrDefault(cloud, 0)));
        granted = Math.min(granted, room(templateCap, existingOfTemplate + reservedByTemplate.getOrDefault(templateKey, 0)));
        reservedByCloud.merge(cloud, granted, Integer::sum);
        reservedByTemplate.merge(templateKey, granted, Integer::sum);
        return granted;
    }

    /** A Jenkins agent of an EC2 cloud: the names it was launched under. */
    public record Agent(String cloud, String template) {
    }

    /**
     * As {@link #reserve(String, String, int, int, int, int, int)}, counting the agents of the cloud and template by
     * name. why: the EC2 plugin's {@code EC2AbstractSlave.getCloud()} looks the cloud up by name each time, so after
     * the clouds are saved again it is another object than the one the build found: identity under-counts.
     */
    public int reserve(String cloud, String template, int wanted, int cloudCap, int templateCap,
                       Iterable<Agent> agents) {
        int inCloud = 0;
        int ofTemplate = 0;
        for (Agent agent : agents) {
            if (!cloud.equals(agent.cloud())) continue;
            inCloud++;
            if (template.equals(agent.template())) ofTemplate++;
        }
        return reserve(cloud, template, wanted, cloudCap, templateCap, inCloud, ofTemplate);
    }

    /** Gives back one reservation: the instance was terminated or never created. */
    public synchronized void release(String cloud, String template, int count) {
        reservedByCloud.computeIfPresent(cloud, (k, v) -> v - count > 0 ? v - count : null);
        reservedByTemplate.computeIfPresent(cloud + '\0' + template, (k, v) -> v - count > 0 ? v - count : null);
    }

    public synchronized int reserved(String cloud) {
        return reservedByCloud.getOrDefault(cloud, 0);
    }

    private static int room(int cap, int used) {
        return cap == NO_CAP ? Integer.MAX_VALUE : Math.max(0, cap - used);
    }
}
