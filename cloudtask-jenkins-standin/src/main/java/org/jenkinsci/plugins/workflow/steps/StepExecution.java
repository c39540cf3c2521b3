/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.steps.StepExecution exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/workflow-step-api-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.steps;

public abstract class StepExecution implements java.io.Serializable {
    protected StepExecution(StepContext context) {
    }

    public StepContext getContext() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void onResume() {
    }
}
