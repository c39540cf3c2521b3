/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Item exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public interface Item extends hudson.security.AccessControlled {
    hudson.security.Permission EXTENDED_READ = null;
    // why: used only by the plugin's JenkinsRule tests (see cloudtask-jenkins-test-standin)
    hudson.security.Permission CONFIGURE = null;
    hudson.security.Permission READ = null;
}
