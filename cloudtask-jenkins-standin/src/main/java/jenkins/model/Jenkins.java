/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of jenkins.model.Jenkins exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package jenkins.model;

public class Jenkins extends hudson.model.Node implements hudson.model.ItemGroup<hudson.model.Item> {
    public static final hudson.security.Permission ADMINISTER = null;

    public final hudson.model.Hudson.CloudList clouds = null;

    // why: used only by the plugin's JenkinsRule tests (see cloudtask-jenkins-test-standin)
    public static final hudson.security.Permission READ = null;

    public <T extends hudson.model.Item> T getItemByFullName(String fullName, Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <T extends hudson.model.Descriptor> T getDescriptorByType(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void setSecurityRealm(hudson.security.SecurityRealm securityRealm) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public void setAuthorizationStrategy(hudson.security.AuthorizationStrategy a) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public java.util.List<hudson.model.Node> getNodes() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public static class CloudList extends hudson.util.DescribableList<hudson.slaves.Cloud, hudson.model.Descriptor<hudson.slaves.Cloud>> {
    }
}
