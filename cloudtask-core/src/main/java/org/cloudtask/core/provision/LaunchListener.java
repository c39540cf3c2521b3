package org.cloudtask.core.provision;

/** Hears about workers as a {@link Provisioner} launches them. Called from the provisioner's threads. */
public interface LaunchListener {

    /** The worker exists and costs money from now on; it has no address yet. */
    void created(LaunchedWorker worker);

    /** The worker is running and has an address; the engine connects to it (retrying until the boot timeout). */
    void ready(LaunchedWorker worker);

    /**
     * The launch failed. {@code worker} is null when nothing was created; otherwise the provisioner has already tried
     * to destroy it.
     */
    void failed(LaunchedWorker worker, String reason);
}
