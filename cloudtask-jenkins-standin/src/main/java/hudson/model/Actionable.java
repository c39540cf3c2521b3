/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Actionable exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public abstract class Actionable {
    public <T extends Action> java.util.List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
