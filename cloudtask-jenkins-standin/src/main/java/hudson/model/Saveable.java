/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Saveable exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins jenkins-2.504.3, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public interface Saveable {
    void save() throws java.io.IOException;
}
