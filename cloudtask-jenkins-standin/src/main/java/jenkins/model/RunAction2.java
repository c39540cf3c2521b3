/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of jenkins.model.RunAction2 exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package jenkins.model;

public interface RunAction2 extends hudson.model.Action {
    void onAttached(hudson.model.Run<?, ?> r);
    void onLoad(hudson.model.Run<?, ?> r);
}
