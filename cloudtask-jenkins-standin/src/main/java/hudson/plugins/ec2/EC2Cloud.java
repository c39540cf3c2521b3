/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.plugins.ec2.EC2Cloud exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/ec2-plugin 2059.v05f9d511d7e5, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.plugins.ec2;

public class EC2Cloud extends hudson.slaves.Cloud {
    public java.util.List<SlaveTemplate> getTemplates() { throw new UnsupportedOperationException(STANDIN); }
    public SlaveTemplate getTemplate(String template) { throw new UnsupportedOperationException(STANDIN); }
    public int getInstanceCap() { throw new UnsupportedOperationException(STANDIN); }
    public boolean isCleanUpOrphanedNodes() { throw new UnsupportedOperationException(STANDIN); }
    public software.amazon.awssdk.services.ec2.Ec2Client connect() throws software.amazon.awssdk.core.exception.SdkException {
        throw new UnsupportedOperationException(STANDIN);
    }

    private static final String STANDIN = "compile-only stand-in of Jenkins";
}
