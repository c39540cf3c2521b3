/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Job exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    public java.io.File getRootDir() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
