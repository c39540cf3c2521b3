/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.security.ACLContext exactly as the cloudtask plugin's JenkinsRule tests use it,
 * checked against jenkinsci/jenkins core (tag jenkins-2.504.3), so that the default build (Maven Central only) compiles them.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.security;

public class ACLContext implements AutoCloseable {
    @Override
    public void close() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
