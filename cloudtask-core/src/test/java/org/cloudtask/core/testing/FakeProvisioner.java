package org.cloudtask.core.testing;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * A provisioner that "launches" workers named {@code launched-N} (instance ids {@code i-N}) at once, for a
 * {@link FakeTransport} to serve. Records every launch and destroy; destroys can be made to fail.
 */
public final class FakeProvisioner implements Provisioner {

    private final AtomicInteger launchedCount = new AtomicInteger();
    private final List<String> events = new ArrayList<>();
    private volatile int failingDestroys;
    private volatile boolean destroysFailForever;
    private volatile String interruptionCheck;

    /** Launched workers are checked with this command for a spot interruption notice. */
    public FakeProvisioner interruptionCheck(String command) {
        interruptionCheck = command;
        return this;
    }

    @Override
    public String interruptionCheck(LaunchedWorker worker) {
        return interruptionCheck;
    }

    /** The next {@code n} destroy calls fail. */
    public FakeProvisioner failDestroys(int n) {
        failingDestroys = n;
        return this;
    }

    /** Every destroy fails (a cloud API that is down). */
    public FakeProvisioner failAllDestroys() {
        destroysFailForever = true;
        return this;
    }

    @Override
    public void launch(int count, LaunchListener listener) {
        for (int i = 0; i < count; i++) {
            int n = launchedCount.incrementAndGet();
            LaunchedWorker worker = new LaunchedWorker("i-" + n, null, "fake.small", Instant.now());
            record("created i-" + n);
            listener.created(worker);
            record("ready i-" + n);
            listener.ready(worker.withAddress(WorkerAddress.of("launched-" + n)));
        }
    }

    @Override
    public void destroy(LaunchedWorker worker) throws IOException {
        if (destroysFailForever || failingDestroys > 0) {
            failingDestroys--;
            record("destroy failed " + worker.instanceId());
            throw new IOException("the cloud API is down");
        }
        record("destroyed " + worker.instanceId());
    }

    @Override
    public String describe() {
        return "fake";
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    /** Instance ids destroyed successfully. */
    public synchronized List<String> destroyed() {
        return events.stream().filter(e -> e.startsWith("destroyed ")).map(e -> e.substring(10)).toList();
    }
}
