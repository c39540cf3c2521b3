/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of com.cloudbees.plugins.credentials.CredentialsMatcher exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/credentials-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package com.cloudbees.plugins.credentials;

public interface CredentialsMatcher extends java.io.Serializable {
    boolean matches(Credentials item);
}
