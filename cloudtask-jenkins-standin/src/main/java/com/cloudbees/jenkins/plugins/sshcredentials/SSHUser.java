/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of com.cloudbees.jenkins.plugins.sshcredentials.SSHUser exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/ssh-credentials-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package com.cloudbees.jenkins.plugins.sshcredentials;

public interface SSHUser extends com.cloudbees.plugins.credentials.common.StandardUsernameCredentials {
}
