/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of hudson.security.AbstractPasswordBasedSecurityRealm exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins core at tag jenkins-2.504.3.
 * Only the members the tests use are declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package hudson.security;

public abstract class AbstractPasswordBasedSecurityRealm extends SecurityRealm {
}
