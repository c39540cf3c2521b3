/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.security.ACL exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.security;

public abstract class ACL {
    public static final org.springframework.security.core.Authentication SYSTEM2 = null;

    // why: used only by the plugin's JenkinsRule tests (see cloudtask-jenkins-test-standin)
    public static ACLContext as2(org.springframework.security.core.Authentication auth) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
