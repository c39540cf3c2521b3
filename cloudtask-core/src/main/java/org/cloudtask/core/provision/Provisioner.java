package org.cloudtask.core.provision;

import java.io.IOException;

/**
 * Launches and destroys workers (EC2 instances, or machines made by user commands). The engine launches only what
 * {@code --split} asks beyond the pre-listed workers, and destroys only what it launched.
 */
public interface Provisioner {

    /** The provisioner of a task that may not launch anything. */
    Provisioner NONE = new Provisioner() {
        @Override
        public void launch(int count, LaunchListener listener) {
            for (int i = 0; i < count; i++) listener.failed(null, "no way to launch workers was configured");
        }

        @Override
        public void destroy(LaunchedWorker worker) {
            throw new IllegalStateException("nothing was launched, so nothing can be destroyed: " + worker);
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    /**
     * Launches {@code count} workers. Each is reported to the listener as soon as it exists ({@link
     * LaunchListener#created}, so that the engine records it before anything else can go wrong) and again when it is
     * running with an address ({@link LaunchListener#ready}) or has failed. Blocks until every one was reported ready
     * or failed. On interrupt, destroys the ones not yet ready and returns.
     */
    void launch(int count, LaunchListener listener) throws InterruptedException;

    /**
     * Destroys a worker this provisioner launched, possibly in an earlier run of the controller (from the session
     * journal). Destroying one that is already gone succeeds.
     */
    void destroy(LaunchedWorker worker) throws IOException, InterruptedException;

    /**
     * The provisioner to use for one session, called by the engine once the session exists and before any launch:
     * provisioners that mark what they launch with the session (EC2 tags, so that {@code destroy-workers --session N}
     * finds a crashed controller's instances) return a copy that does. The default needs no session.
     */
    /**
     * A shell command that, run on a launched worker, exits 0 when the cloud is about to take the worker back (a spot
     * interruption notice); null when this worker cannot be taken back so (the default). The engine runs it at the
     * ping interval over the worker's connection.
     */
    default String interruptionCheck(LaunchedWorker worker) {
        return null;
    }

    default Provisioner forSession(long sessionId) {
        return this;
    }

    /** A short description for the session log, e.g. {@code "ec2 us-east-1 t3.micro"}. Never secrets. */
    String describe();
}
