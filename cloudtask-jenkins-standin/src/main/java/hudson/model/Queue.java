/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Queue exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public class Queue {
    public interface Task {
    }

    public interface FlyweightTask extends Task {
    }

    public interface Executable extends Runnable {
    }
}
