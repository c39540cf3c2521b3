/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.queue.Tasks exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model.queue;

public class Tasks {
    public static org.springframework.security.core.Authentication getAuthenticationOf2(hudson.model.Queue.Task t) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
