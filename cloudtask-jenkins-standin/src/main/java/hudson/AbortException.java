/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.AbortException exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson;

public class AbortException extends java.io.IOException {
    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
