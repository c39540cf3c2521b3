/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.slaves.Cloud exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.slaves;

public abstract class Cloud extends hudson.model.Actionable
        implements hudson.ExtensionPoint, hudson.model.Describable<Cloud>, hudson.security.AccessControlled {
    public String name;

    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
