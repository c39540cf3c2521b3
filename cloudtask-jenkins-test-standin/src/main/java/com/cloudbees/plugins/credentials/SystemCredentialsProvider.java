/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of com.cloudbees.plugins.credentials.SystemCredentialsProvider exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/credentials-plugin at tag 1480.v2246fd131e83 (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared;
 * it also implements Saveable and StaplerProxy, left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package com.cloudbees.plugins.credentials;

public class SystemCredentialsProvider extends hudson.model.AbstractDescribableImpl<SystemCredentialsProvider> {
    public static SystemCredentialsProvider getInstance() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public java.util.List<Credentials> getCredentials() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void save() throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
