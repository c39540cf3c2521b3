/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.actions.PersistentAction exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/workflow-api-plugin 1398.v67030756d3fb_, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.actions;

public interface PersistentAction extends hudson.model.Action {
}
