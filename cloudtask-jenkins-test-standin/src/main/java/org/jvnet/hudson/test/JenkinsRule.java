/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jvnet.hudson.test.JenkinsRule exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins-test-harness at tag 2578.v44660312fd37 (the version plugin parent POM 6.2221.va_045130417c9 pins).
 * Only the members the tests use are declared;
 * RootAction, which JenkinsRule also implements, is left out; WebClient extends the real HtmlUnit 5.2.0 WebClient. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jvnet.hudson.test;

public class JenkinsRule implements org.junit.rules.TestRule, org.junit.rules.MethodRule {
    public jenkins.model.Jenkins jenkins;

    public JenkinsRule() {
    }

    @Override
    public org.junit.runners.model.Statement apply(org.junit.runners.model.Statement base, org.junit.runner.Description description) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public org.junit.runners.model.Statement apply(org.junit.runners.model.Statement base, org.junit.runners.model.FrameworkMethod method, Object target) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <T extends hudson.model.TopLevelItem> T createProject(Class<T> type, String name) throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public hudson.model.FreeStyleProject createFreeStyleProject() throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public hudson.model.FreeStyleProject createFreeStyleProject(String name) throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public DummySecurityRealm createDummySecurityRealm() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <P extends hudson.model.Item> P configRoundtrip(P job) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <R extends hudson.model.Run> R assertBuildStatus(hudson.model.Result status, R r) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <R extends hudson.model.Run> R assertBuildStatus(hudson.model.Result status, java.util.concurrent.Future<? extends R> r) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <J extends hudson.model.Job<J, R> & jenkins.model.ParameterizedJobMixIn.ParameterizedJob<J, R>, R extends hudson.model.Run<J, R> & hudson.model.Queue.Executable>
            R buildAndAssertSuccess(J job) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public hudson.model.FreeStyleBuild buildAndAssertSuccess(hudson.model.FreeStyleProject job) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void assertLogContains(String substring, hudson.model.Run run) throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void assertLogNotContains(String substring, hudson.model.Run run) throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public static String getLog(hudson.model.Run run) throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <R extends hudson.model.Run<?, ?>> R waitForCompletion(R r) throws InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void assertEqualDataBoundBeans(Object lhs, Object rhs)
            throws java.lang.reflect.InvocationTargetException, NoSuchMethodException, IllegalAccessException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public WebClient createWebClient() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public class WebClient extends org.htmlunit.WebClient {
        public WebClient() {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }

        public org.htmlunit.html.HtmlPage getPage(hudson.model.Run r, String relative) throws java.io.IOException, org.xml.sax.SAXException {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }

        public org.htmlunit.html.HtmlPage goTo(String relative) throws java.io.IOException, org.xml.sax.SAXException {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }

        public org.htmlunit.Page goTo(String relative, String expectedContentType) throws java.io.IOException, org.xml.sax.SAXException {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }
    }

    public static class DummySecurityRealm extends hudson.security.AbstractPasswordBasedSecurityRealm {
    }
}
