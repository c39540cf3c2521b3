package org.cloudtask.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.cloudtask.core.provision.HostKeyWatch;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.text.Counted;
import org.cloudtask.core.worker.WorkerAddress;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * One call of {@link Ec2Provisioner#launch}: requests the instances, reports each as created, then polls them until
 * each is running with an address (ready) or has failed. An instance that does not boot is terminated and replaced a
 * bounded number of times. Runs on the caller's thread.
 *
 * <p>Every instance created gets exactly one {@code ready} or {@code failed}; a worker that could not even be created
 * gets {@code failed(null, reason)}.
 */
final class LaunchRound {

    private static final Duration FIRST_POLL = Duration.ofMillis(250);

    private final Ec2Settings settings;
    private final Ec2Api api;
    private final InstanceQuota quota;
    private final Termination termination;
    private final RunInstancesCall runInstances;
    private final HostKeyWatch.Console console;
    private final InstanceRequests requests;
    private final LaunchListener listener;
    private final Consumer<String> log;
    private final Map<String, Booting> booting = new LinkedHashMap<>();

    private int needed;
    private int replacementsLeft;
    private int polls;

    /** An instance that exists but is not ready yet. */
    private static final class Booting {
        final LaunchedWorker worker;
        final Instant createdAt = Instant.now();
        HostKeyWatch hostKey;

        Booting(LaunchedWorker worker) {
            this.worker = worker;
        }
    }

    LaunchRound(Ec2Settings settings, Ec2Api api, InstanceQuota quota, Termination termination, LaunchListener listener,
                Consumer<String> log) {
        this.settings = settings;
        this.api = api;
        this.quota = quota;
        this.termination = termination;
        this.requests = new InstanceRequests(settings);
        this.runInstances = new RunInstancesCall(api, settings, requests, log);
        this.console = Ec2Console.of(api);
        this.listener = listener;
        this.log = log;
        this.replacementsLeft = settings.replacements();
    }

    void run(int count) {
        needed = quota.reserve(count);
        for (int i = needed; i < count; i++) {
            listener.failed(null, "--max-instances " + quota.max() + " reached (" + quota.live() + " instances alive)");
        }
        try {
            while (needed > 0 || !booting.isEmpty()) {
                if (needed > 0) requestInstances();
                if (!booting.isEmpty()) {
                    Thread.sleep(nextPollDelay().toMillis());
                    checkBooting();
                }
            }
        } catch (InterruptedException e) {
            adoptLostAnswer();
            abandon("launch interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // why: whatever broke (a listener, the SDK), instances nobody will hear of must not be left running
            boolean interrupted = Thread.interrupted();
            abandon("launch stopped by an error (" + e + ")");
            if (interrupted) Thread.currentThread().interrupt();
            throw e;
        }
    }

    /**
     * Polls soon at first, then less often up to the poll interval. why: most instances take tens of seconds, but a
     * fast image (or a compatible cloud) should not wait a whole interval, and thousands of instances should not
     * make DescribeInstances calls every second.
     */
    private Duration nextPollDelay() {
        Duration delay = FIRST_POLL.multipliedBy(1L << Math.min(polls++, 10));
        return delay.compareTo(settings.pollInterval()) < 0 ? delay : settings.pollInterval();
    }

    private void requestInstances() throws InterruptedException {
        List<Instance> instances;
        try {
            instances = runInstances.launch(needed);
        } catch (ApiException e) {
            log.accept(e.getMessage());
            quota.release(needed);
            for (; needed > 0; needed--) listener.failed(null, e.getMessage());
            return;
        }
        adopt(instances);
        log.accept("launched " + Counted.of(instances.size(), "instance") + ": "
                + instances.stream().map(Instance::instanceId).collect(Collectors.joining(" ")));
        ensureTagged(instances);
    }

    private void adopt(List<Instance> instances) {
        for (Instance instance : instances) {
            if (booting.containsKey(instance.instanceId())) continue;
            quota.created(instance.instanceId());
            needed--;
            LaunchedWorker worker = new LaunchedWorker(instance.instanceId(), null, settings.instanceType(),
                    instance.launchTime() != null ? instance.launchTime() : Instant.now());
            booting.put(instance.instanceId(), new Booting(worker));
            listener.created(worker);
        }
    }

    /** Tags again when a compatible cloud ignored the tag specification, so the session can find its instances. */
    private void ensureTagged(List<Instance> instances) throws InterruptedException {
        List<String> untagged = instances.stream()
                .filter(i -> i.tags().stream().noneMatch(t -> t.key().equals(InstanceRequests.SESSION_TAG)))
                .map(Instance::instanceId).toList();
        if (untagged.isEmpty()) return;
        Instant until = Instant.now().plus(settings.consistencyWindow());
        for (int attempt = 1; ; attempt++) {
            try {
                api.tag(untagged, requests.tags());
                return;
            } catch (ApiException e) {
                // why: instances this new can be unknown to CreateTags for a while (eventual consistency)
                if (!Ec2Errors.NOT_FOUND.equals(e.code()) || Instant.now().isAfter(until)) {
                    log.accept("could not tag " + String.join(" ", untagged) + ": " + e.getMessage());
                    return;
                }
                Thread.sleep(settings.backoff().delay(attempt).toMillis());
            }
        }
    }

    private void checkBooting() throws InterruptedException {
        Map<String, Instance> described = new LinkedHashMap<>();
        try {
            api.describe(booting.keySet()).forEach(i -> described.put(i.instanceId(), i));
        } catch (ApiException e) {
            // why: a just-created instance can be unknown to DescribeInstances for a moment; the bounds below still hold
            log.accept(e.getMessage());
        }
        for (Booting b : new ArrayList<>(booting.values())) {
            if (quota.wasDestroyRequested(b.worker.instanceId())) {
                // why: the engine destroyed it (an abort): it is gone, and replacing it would defeat the abort
                booting.remove(b.worker.instanceId());
                listener.failed(b.worker, b.worker.instanceId() + " was destroyed while booting");
                continue;
            }
            Instance instance = described.get(b.worker.instanceId());
            InstanceStateName state = instance == null ? null : instance.state().name();
            if (state == InstanceStateName.RUNNING) {
                whenRunning(b, instance);
            } else if (state == null || state == InstanceStateName.PENDING) {
                if (overdue(b)) replace(b, "did not reach running within " + settings.runningTimeout());
            } else {
                String why = instance.stateReason() == null ? "" : " (" + instance.stateReason().message() + ")";
                replace(b, "went to " + instance.state().nameAsString() + why + " while booting");
            }
        }
    }

    private void whenRunning(Booting b, Instance instance) throws InterruptedException {
        String host = InstanceAddresses.choose(settings.addressChoice(), instance).orElse(null);
        if (host == null) {
            if (overdue(b)) replace(b, "had no address within " + settings.runningTimeout());
            return;
        }
        if (b.hostKey == null) {
            b.hostKey = new HostKeyWatch(b.worker.instanceId(), settings.hostKeyWait(), settings.slowConsoleWait(),
                    settings.pollInterval().multipliedBy(3));
        }
        if (!b.hostKey.settled(console, log)) return;
        String hostKey = b.hostKey.key();
        WorkerAddress address = new WorkerAddress(settings.user(), host, settings.sshPort(), 0, hostKey);
        log.accept(b.worker.instanceId() + " is running at " + address.displayName() + (hostKey != null
                ? " (host key from its console output)"
                : " (no host key in its console output: the transport's host-key policy decides, e.g. accept-new pins the first key seen)"));
        listener.ready(b.worker.withAddress(address));
        // why: only once handed over; if the listener threw, the instance is still ours to terminate
        booting.remove(b.worker.instanceId());
    }

    private boolean overdue(Booting b) {
        return Duration.between(b.createdAt, Instant.now()).compareTo(settings.runningTimeout()) > 0;
    }

    private void replace(Booting b, String problem) throws InterruptedException {
        String id = b.worker.instanceId();
        // why: terminate first; if interrupted meanwhile, the instance is still in booting for abandon() to handle
        String outcome = terminate(List.of(b));
        booting.remove(id);
        String reason = id + " " + problem + "; " + outcome;
        log.accept(reason);
        listener.failed(b.worker, reason);
        if (replacementsLeft > 0 && quota.reserve(1) == 1) {
            replacementsLeft--;
            needed++;
            log.accept("launching a replacement for " + id + " (" + Counted.of(replacementsLeft, "replacement") + " left)");
        }
    }

    /** Terminates and says how that went, for the failure reason. */
    private String terminate(List<Booting> instances) throws InterruptedException {
        Map<String, Instant> launched = new LinkedHashMap<>();
        for (Booting b : instances) launched.put(b.worker.instanceId(), b.worker.launchedAt());
        try {
            termination.terminate(launched);
            launched.keySet().forEach(quota::gone);
            return "terminated";
        } catch (ApiException e) {
            return "could not terminate it: " + e.getMessage();
        }
    }

    /** Stopping early: terminate what is still booting and fail what was not created. Clears the interrupt. */
    private void abandon(String why) {
        Thread.interrupted(); // why: the SDK refuses to call out from an interrupted thread
        try {
            List<Booting> left = new ArrayList<>(booting.values());
            booting.clear();
            if (!left.isEmpty()) {
                String outcome = terminate(left);
                for (Booting b : left) {
                    String reason = b.worker.instanceId() + ": " + why + "; " + outcome;
                    log.accept(reason);
                    listener.failed(b.worker, reason);
                }
            }
            quota.release(needed);
            for (; needed > 0; needed--) listener.failed(null, why);
        } catch (InterruptedException again) {
            log.accept("interrupted again while terminating booting instances; they may be left: see destroy-workers");
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A RunInstances interrupted after it may have reached EC2: learn what it launched by sending it again with its
     * client token (a client-token lookup may not see instances that new), so that {@link #abandon} terminates it too.
     */
    private void adoptLostAnswer() {
        Thread.interrupted(); // why: the SDK refuses to call out from an interrupted thread
        try {
            adopt(runInstances.recoverInterrupted());
        } catch (InterruptedException e) {
            log.accept("interrupted again while learning what an interrupted RunInstances launched");
        }
    }
}
