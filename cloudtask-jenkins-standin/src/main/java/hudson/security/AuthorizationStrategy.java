/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.security.AuthorizationStrategy exactly as the cloudtask plugin's JenkinsRule tests use it,
 * checked against jenkinsci/jenkins core (tag jenkins-2.504.3), so that the default build (Maven Central only) compiles them.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.security;

public abstract class AuthorizationStrategy extends hudson.model.AbstractDescribableImpl<AuthorizationStrategy> implements hudson.ExtensionPoint {
}
