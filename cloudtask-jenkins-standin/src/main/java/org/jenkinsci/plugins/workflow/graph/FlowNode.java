/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.graph.FlowNode exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/workflow-api-plugin 1398.v67030756d3fb_, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.graph;

public abstract class FlowNode extends hudson.model.Actionable implements hudson.model.Saveable {
    // used by the plugin's tests only (cloudtask-jenkins-testcheck)
    public final <T extends hudson.model.Action> T getPersistentAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
