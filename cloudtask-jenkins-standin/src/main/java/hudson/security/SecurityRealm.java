/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.security.SecurityRealm exactly as the cloudtask plugin's JenkinsRule tests use it,
 * checked against jenkinsci/jenkins core (tag jenkins-2.504.3), so that the default build (Maven Central only) compiles them.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.security;

public abstract class SecurityRealm extends hudson.model.AbstractDescribableImpl<SecurityRealm> implements hudson.ExtensionPoint {
}
