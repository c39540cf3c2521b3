/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of hudson.model.User exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins core at tag jenkins-2.504.3.
 * Only the members the tests use are declared;
 * its superclass AbstractModelObject and its other interfaces are left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package hudson.model;

public class User implements hudson.security.AccessControlled {
    public static User getById(String id, boolean create) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public org.springframework.security.core.Authentication impersonate2() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
