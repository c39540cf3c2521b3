/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.util.DescribableList exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.util;

public class DescribableList<T extends hudson.model.Describable<T>, D extends hudson.model.Descriptor<T>> extends PersistedList<T> {
    public <U extends T> U get(Class<U> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
