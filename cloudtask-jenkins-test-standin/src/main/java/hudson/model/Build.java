/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of hudson.model.Build exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins core at tag jenkins-2.504.3.
 * Only the members the tests use are declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package hudson.model;

public abstract class Build<P extends Project<P, B>, B extends Build<P, B>> extends AbstractBuild<P, B> {
    @Override
    public void run() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
