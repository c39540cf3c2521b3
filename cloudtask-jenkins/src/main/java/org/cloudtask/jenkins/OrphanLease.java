package org.cloudtask.jenkins;

import hudson.plugins.ec2.EC2Cloud;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Keeps the EC2 plugin's "clean up orphaned nodes" from terminating instances that cloudtask is using. That clean-up
 * terminates instances of the cloud that are not Jenkins nodes once their {@code jenkins_node_expires_at} tag is in
 * the past, and moves the tag forward only for Jenkins nodes; so while a task runs, this lease moves it forward for
 * the task's instances. Without the option set on the cloud, nothing is done.
 */
final class OrphanLease implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(OrphanLease.class.getName());
    /** The tag the EC2 plugin's {@code EC2CleanupOrphanedNodes} reads (a package-private constant there). */
    static final String EXPIRES_AT_TAG = "jenkins_node_expires_at";
    private static final Duration REFRESH = Duration.ofMinutes(20);
    private static final Duration EXTENSION = Duration.ofHours(3);

    private final EC2Cloud cloud;
    private final Supplier<Set<String>> instanceIds;
    private ScheduledExecutorService timer;

    OrphanLease(EC2Cloud cloud, Supplier<Set<String>> instanceIds) {
        this.cloud = cloud;
        this.instanceIds = instanceIds;
    }

    synchronized void start() {
        if (timer != null || !cloud.isCleanUpOrphanedNodes()) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudtask-ec2-lease-" + cloud.name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMinutes(), TimeUnit.MINUTES);
    }

    private void refresh() {
        List<String> ids = new ArrayList<>(instanceIds.get());
        if (ids.isEmpty()) return;
        String expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(EXTENSION).toString();
        try {
            cloud.connect().createTags(r -> r.resources(ids).tags(Tag.builder().key(EXPIRES_AT_TAG).value(expiresAt).build()));
        } catch (SdkException e) {
            LOGGER.log(Level.WARNING, "cloudtask could not extend the lease of EC2 instances " + ids, e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer == null) return;
        timer.shutdownNow();
        timer = null;
    }
}
