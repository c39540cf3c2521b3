/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of com.cloudbees.plugins.credentials.CredentialsScope exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/credentials-plugin at tag 1480.v2246fd131e83 (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package com.cloudbees.plugins.credentials;

public enum CredentialsScope implements java.io.Serializable {
    SYSTEM, GLOBAL, USER
}
