/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.steps.StepContext exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/workflow-step-api-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.steps;

public abstract class StepContext implements com.google.common.util.concurrent.FutureCallback<Object>, java.io.Serializable {
    public abstract <T> T get(Class<T> key) throws java.io.IOException, InterruptedException;
}
