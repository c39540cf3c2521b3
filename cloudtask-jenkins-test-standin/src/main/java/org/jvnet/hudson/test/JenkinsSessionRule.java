/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jvnet.hudson.test.JenkinsSessionRule exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins-test-harness at tag 2578.v44660312fd37 (the version plugin parent POM 6.2221.va_045130417c9 pins).
 * Only the members the tests use are declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jvnet.hudson.test;

public class JenkinsSessionRule implements org.junit.rules.TestRule {
    public JenkinsSessionRule() {
    }

    @Override
    public org.junit.runners.model.Statement apply(org.junit.runners.model.Statement base, org.junit.runner.Description description) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void then(Step s) throws Throwable {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public interface Step extends org.jvnet.hudson.test.fixtures.JenkinsSessionFixture.Step {}
}
