/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.steps.Step exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/workflow-step-api-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.steps;

public abstract class Step extends hudson.model.AbstractDescribableImpl<Step> implements hudson.ExtensionPoint {
    public abstract StepExecution start(StepContext context) throws Exception;
}
