/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of jenkins.tasks.SimpleBuildStep exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package jenkins.tasks;

public interface SimpleBuildStep extends hudson.tasks.BuildStep {
    default void perform(hudson.model.Run<?, ?> run, hudson.FilePath workspace, hudson.EnvVars env,
                         hudson.Launcher launcher, hudson.model.TaskListener listener)
            throws InterruptedException, java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
