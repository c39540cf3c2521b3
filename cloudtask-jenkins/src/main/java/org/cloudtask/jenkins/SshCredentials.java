package org.cloudtask.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import org.cloudtask.jenkins.support.KeyMaterial;

/**
 * Turns the step's {@code credentialsId} into an in-memory SSH identity. The lookup goes through the build, so
 * Jenkins checks that the build may use the credential; the use is recorded on the credential ({@code track});
 * nothing of the key is logged.
 */
final class SshCredentials {

    private SshCredentials() {
    }

    /**
     * @param userOverride the step's {@code user}, which wins over the credential's user name; may be null
     * @throws AbortException when the id names no SSH private key credential this build may use
     */
    static KeyMaterial keyFor(String credentialsId, String userOverride, Run<?, ?> run) throws AbortException {
        if (credentialsId == null) {
            throw new AbortException(PluginText.get("SshCredentials.missing"));
        }
        SSHUserPrivateKey credential = CredentialsProvider.findCredentialById(credentialsId, SSHUserPrivateKey.class, run);
        if (credential == null) {
            throw new AbortException(PluginText.get("SshCredentials.notFound", credentialsId));
        }
        // why: findCredentialById does not record the use (credentials 1480: a TODO in its source); track does
        CredentialsProvider.track(run, credential);
        Secret passphrase = credential.getPassphrase();
        String user = userOverride != null ? userOverride : credential.getUsername();
        char[] phrase = passphrase == null || passphrase.getPlainText().isEmpty()
                ? null : passphrase.getPlainText().toCharArray();
        return new KeyMaterial(user, credential.getPrivateKeys(), phrase);
    }
}
