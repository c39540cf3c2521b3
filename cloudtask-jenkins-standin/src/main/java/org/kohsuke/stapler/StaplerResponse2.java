/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.kohsuke.stapler.StaplerResponse2 exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/stapler (as bundled by Jenkins 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.kohsuke.stapler;

public interface StaplerResponse2 extends jakarta.servlet.http.HttpServletResponse {
}
