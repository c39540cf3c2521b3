/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.util.FormValidation exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.util;

public abstract class FormValidation extends java.io.IOException {
    public enum Kind {
        OK, WARNING, ERROR
    }

    public final Kind kind = null;

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
