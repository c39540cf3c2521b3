/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.actions.WarningAction exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/workflow-api-plugin 1398.v67030756d3fb_, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.jenkinsci.plugins.workflow.actions;

public class WarningAction implements PersistentAction {
    public WarningAction(hudson.model.Result result) { throw new UnsupportedOperationException(STANDIN); }
    public WarningAction withMessage(String message) { throw new UnsupportedOperationException(STANDIN); }
    // used by the plugin's tests only (cloudtask-jenkins-testcheck)
    public String getMessage() { throw new UnsupportedOperationException(STANDIN); }
    public hudson.model.Result getResult() { throw new UnsupportedOperationException(STANDIN); }
    @Override public String getDisplayName() { throw new UnsupportedOperationException(STANDIN); }
    @Override public String getIconFileName() { throw new UnsupportedOperationException(STANDIN); }
    @Override public String getUrlName() { throw new UnsupportedOperationException(STANDIN); }
    private static final String STANDIN = "compile-only stand-in of Jenkins";
}
