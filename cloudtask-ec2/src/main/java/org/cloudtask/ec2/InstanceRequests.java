package org.cloudtask.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Builds the RunInstances request and the tags and filters that mark an instance as a session's. */
final class InstanceRequests {

    static final String SESSION_TAG = "cloudtask-session";
    static final String CONTROLLER_TAG = "cloudtask-controller";
    /** Stands in for the session id when instances are launched outside a session ({@code launch-workers}). */
    static final String NO_SESSION = "none";

    private final Ec2Settings settings;

    InstanceRequests(Ec2Settings settings) {
        this.settings = settings;
    }

    /**
     * Asks for between 1 and {@code count} instances. The client token makes a retried request idempotent: if an
     * answer was lost, EC2 returns the instances of the first attempt instead of launching more.
     */
    RunInstancesRequest run(int count, String clientToken) {
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .imageId(settings.ami())
                .instanceType(settings.instanceType())
                .minCount(1)
                .maxCount(count)
                .clientToken(clientToken)
                // why: a worker that powers itself off must not sit stopped with its volumes billed
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .keyName(settings.keyName())
                .subnetId(settings.subnet())
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags()).build());
        if (settings.securityGroup() != null) request.securityGroupIds(settings.securityGroup());
        if (settings.spot()) {
            request.instanceMarketOptions(InstanceMarketOptionsRequest.builder()
                    .marketType(MarketType.SPOT)
                    .spotOptions(spot -> spot.spotInstanceType(SpotInstanceType.ONE_TIME)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE))
                    .build());
        }
        return request.build();
    }

    List<Tag> tags() {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(SESSION_TAG, sessionId()));
        tags.add(tag(CONTROLLER_TAG, settings.controller()));
        for (Map.Entry<String, String> extra : settings.tags().entrySet()) tags.add(tag(extra.getKey(), extra.getValue()));
        return tags;
    }

    String sessionId() {
        return settings.sessionId() == null ? NO_SESSION : settings.sessionId();
    }

    /** Filters for a session's instances that still exist (or may: pending ones included). */
    static Filter[] ofSession(String sessionId) {
        return new Filter[] {
                Filter.builder().name("tag:" + SESSION_TAG).values(sessionId).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()
        };
    }

    /**
     * Filters for cloudtask's instances (any session) at these addresses, public or private: {@code destroy-workers
     * FILE} knows only addresses, and must never touch an instance cloudtask did not launch. why: EC2 caps the values
     * of one filter (200), so the addresses go in chunks.
     */
    static List<Filter[]> atAddresses(java.util.Collection<String> hosts) {
        Filter ours = Filter.builder().name("tag-key").values(SESSION_TAG).build();
        Filter alive = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build();
        List<Filter[]> filters = new ArrayList<>();
        for (List<String> chunk : Ec2Api.chunks(hosts)) {
            for (String name : List.of("ip-address", "private-ip-address", "dns-name")) {
                filters.add(new Filter[] {ours, alive, Filter.builder().name(name).values(chunk).build()});
            }
        }
        return filters;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
