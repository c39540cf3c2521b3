/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.util.Secret exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.util;

public final class Secret implements java.io.Serializable {
    private Secret() {
    }

    public String getPlainText() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
