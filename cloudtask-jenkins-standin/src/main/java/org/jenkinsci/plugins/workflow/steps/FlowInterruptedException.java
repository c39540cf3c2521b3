/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.steps.FlowInterruptedException exactly as the
 * cloudtask plugin uses it, checked against jenkinsci/workflow-step-api-plugin 710.v3e456cc85233
 * (FlowInterruptedException.java:56-91), so that the default build (Maven Central only) compiles the plugin's sources.
 * Left out: the deprecated (Result, CauseOfInterruption...) constructor, getCauses, isActualInterruption, handle.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.steps;

public final class FlowInterruptedException extends InterruptedException {
    public FlowInterruptedException(hudson.model.Result result, boolean actualInterruption,
                                    jenkins.model.CauseOfInterruption... causes) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public hudson.model.Result getResult() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
