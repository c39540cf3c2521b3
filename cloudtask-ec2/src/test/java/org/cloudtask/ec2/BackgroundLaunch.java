package org.cloudtask.ec2;

import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.Provisioner;

/** A launch running on a thread of its own, so that a test can interrupt it as the engine would on abort. */
final class BackgroundLaunch {

    private final Thread thread;
    private volatile boolean interruptKept;

    private BackgroundLaunch(Provisioner provisioner, int count, LaunchListener listener) {
        thread = new Thread(() -> {
            try {
                provisioner.launch(count, listener);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            interruptKept = Thread.currentThread().isInterrupted();
        }, "cloudtask-test-launcher");
        thread.start();
    }

    static BackgroundLaunch start(Provisioner provisioner, int count, LaunchListener listener) {
        return new BackgroundLaunch(provisioner, count, listener);
    }

    /** Waits for the launch to return on its own. */
    void awaitEnd() throws InterruptedException {
        thread.join(30_000);
        if (thread.isAlive()) throw new AssertionError("launch did not return within 30 s");
    }

    /** Interrupts the launch, waits for it to return, and says whether it returned with the interrupt still set. */
    boolean interruptAndAwait() throws InterruptedException {
        thread.interrupt();
        thread.join(30_000);
        if (thread.isAlive()) throw new AssertionError("launch did not return within 30 s of an interrupt");
        return interruptKept;
    }
}
