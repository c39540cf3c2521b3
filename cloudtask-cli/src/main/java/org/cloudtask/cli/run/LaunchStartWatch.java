package org.cloudtask.cli.run;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;

/**
 * A provisioner that remembers whether a launch has begun. From then on a signal must abort through the engine (which
 * terminates what is booting) rather than end the process at once, which would leave instances running.
 */
final class LaunchStartWatch implements Provisioner {

    private final Provisioner provisioner;
    private final AtomicBoolean began;

    private LaunchStartWatch(Provisioner provisioner, AtomicBoolean began) {
        this.provisioner = provisioner;
        this.began = began;
    }

    /** {@code provisioner} watched; {@link Provisioner#NONE} stays itself, since it launches nothing. */
    static Provisioner watch(Provisioner provisioner, AtomicBoolean began) {
        return provisioner == Provisioner.NONE ? provisioner : new LaunchStartWatch(provisioner, began);
    }

    @Override
    public void launch(int count, LaunchListener listener) throws InterruptedException {
        began.set(true);
        provisioner.launch(count, listener);
    }

    @Override
    public void destroy(LaunchedWorker worker) throws IOException, InterruptedException {
        provisioner.destroy(worker);
    }

    @Override
    public String interruptionCheck(LaunchedWorker worker) {
        return provisioner.interruptionCheck(worker);
    }

    @Override
    public Provisioner forSession(long sessionId) {
        return new LaunchStartWatch(provisioner.forSession(sessionId), began);
    }

    @Override
    public String describe() {
        return provisioner.describe();
    }
}
