/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of com.cloudbees.plugins.credentials.CredentialsProvider exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/credentials-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package com.cloudbees.plugins.credentials;

public abstract class CredentialsProvider implements hudson.ExtensionPoint {
    public static final hudson.security.Permission USE_ITEM = null;

    public static <C extends com.cloudbees.plugins.credentials.common.IdCredentials> C findCredentialById(
            String id, Class<C> type, hudson.model.Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @SuppressWarnings("rawtypes") // as in credentials 1480.v2246fd131e83
    public static <C extends Credentials> C track(hudson.model.Run build, C credentials) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
