package org.cloudtask.ec2;

import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;

/** Remembers what a provisioner reported, in order, for assertions. */
class RecordingListener implements LaunchListener {

    /** A failure report: {@code worker} is null when nothing was created. */
    record Failure(LaunchedWorker worker, String reason) { }

    private final List<LaunchedWorker> created = new ArrayList<>();
    private final List<LaunchedWorker> ready = new ArrayList<>();
    private final List<Failure> failed = new ArrayList<>();

    @Override
    public synchronized void created(LaunchedWorker worker) {
        created.add(worker);
    }

    @Override
    public synchronized void ready(LaunchedWorker worker) {
        ready.add(worker);
    }

    @Override
    public synchronized void failed(LaunchedWorker worker, String reason) {
        failed.add(new Failure(worker, reason));
    }

    synchronized List<LaunchedWorker> created() {
        return List.copyOf(created);
    }

    synchronized List<LaunchedWorker> ready() {
        return List.copyOf(ready);
    }

    synchronized List<Failure> failed() {
        return List.copyOf(failed);
    }
}
