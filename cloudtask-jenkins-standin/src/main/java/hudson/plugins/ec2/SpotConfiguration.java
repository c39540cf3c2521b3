/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.plugins.ec2.SpotConfiguration exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/ec2-plugin 2059.v05f9d511d7e5, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.plugins.ec2;

public final class SpotConfiguration extends hudson.model.AbstractDescribableImpl<SpotConfiguration> {
}
