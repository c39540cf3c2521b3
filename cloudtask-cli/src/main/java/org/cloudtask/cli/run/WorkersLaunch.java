package org.cloudtask.cli.run;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;

/** One {@code launch-workers}: launches on the calling thread, writes each address as it boots, stops on interrupt. */
public final class WorkersLaunch implements LaunchListener {

    private final Provisioner provisioner;
    private final AddressFile addresses;
    private final Consumer<String> log;
    private final AtomicInteger launched = new AtomicInteger();
    private volatile Thread launching;

    public WorkersLaunch(Provisioner provisioner, AddressFile addresses, Consumer<String> log) {
        this.provisioner = provisioner;
        this.addresses = addresses;
        this.log = log;
    }

    public void run(int count) {
        launching = Thread.currentThread();
        try {
            provisioner.launch(count, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            launching = null;
            // why: the provisioner keeps the interrupt for its caller; this command is done with it
            Thread.interrupted();
        }
    }

    /** Ctrl-C: the provisioner destroys the workers still booting and returns. */
    public void interrupt() {
        Thread thread = launching;
        if (thread != null) thread.interrupt();
    }

    public int launched() {
        return launched.get();
    }

    /** Nothing to say: the provisioner logs its launches itself (a line here printed each address twice). */
    @Override
    public void created(LaunchedWorker worker) {
    }

    @Override
    public void ready(LaunchedWorker worker) {
        try {
            addresses.add(worker.address());
            launched.incrementAndGet();
        } catch (IOException e) {
            // why: a worker nobody can find again must not be left running
            log.accept("could not write " + worker.address() + ": " + e.getMessage() + "; destroying it");
            destroy(worker);
        }
    }

    private void destroy(LaunchedWorker worker) {
        try {
            provisioner.destroy(worker);
        } catch (IOException e) {
            log.accept("could not destroy " + worker.instanceId() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void failed(LaunchedWorker worker, String reason) {
        log.accept(reason);
    }
}
