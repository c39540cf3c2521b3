/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Descriptor exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    // why: used only by the plugin's JenkinsRule tests (see cloudtask-jenkins-test-standin)
    public static final class FormException extends Exception {
        public FormException(String message, String field) {
            super(message);
        }
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public String getHelpFile(final String fieldName) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
