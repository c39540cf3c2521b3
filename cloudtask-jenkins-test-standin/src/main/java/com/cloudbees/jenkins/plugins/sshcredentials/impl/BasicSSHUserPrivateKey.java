/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/ssh-credentials-plugin at tag 361.vb_f6760818e8c (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared;
 * its superclass BaseSSHUser (and BaseStandardCredentials) is left out, so the interface methods are declared here. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package com.cloudbees.jenkins.plugins.sshcredentials.impl;

public class BasicSSHUserPrivateKey implements com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey {
    public BasicSSHUserPrivateKey(com.cloudbees.plugins.credentials.CredentialsScope scope, String id, String username,
            PrivateKeySource privateKeySource, String passphrase, String description) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public hudson.util.Secret getPassphrase() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public java.util.List<String> getPrivateKeys() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public String getUsername() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public String getId() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public abstract static class PrivateKeySource extends hudson.model.AbstractDescribableImpl<PrivateKeySource> {
    }

    public static class DirectEntryPrivateKeySource extends PrivateKeySource implements java.io.Serializable {
        public DirectEntryPrivateKeySource(String privateKey) {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }
    }
}
