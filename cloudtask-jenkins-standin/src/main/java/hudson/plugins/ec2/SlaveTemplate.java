/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.plugins.ec2.SlaveTemplate exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/ec2-plugin 2059.v05f9d511d7e5, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.plugins.ec2;

public class SlaveTemplate implements hudson.model.Describable<SlaveTemplate> {
    public final String description = null;

    public enum ProvisionOptions {
        ALLOW_CREATE,
        FORCE_CREATE
    }

    public java.util.List<EC2AbstractSlave> provision(int number, java.util.EnumSet<ProvisionOptions> provisionOptions)
            throws software.amazon.awssdk.core.exception.SdkException, java.io.IOException {
        throw new UnsupportedOperationException(STANDIN);
    }

    public ConnectionStrategy getConnectionStrategy() { throw new UnsupportedOperationException(STANDIN); }
    public String getRemoteAdmin() { throw new UnsupportedOperationException(STANDIN); }
    public int getInstanceCap() { throw new UnsupportedOperationException(STANDIN); }
    public String getType() { throw new UnsupportedOperationException(STANDIN); }
    public SpotConfiguration getSpotConfig() { throw new UnsupportedOperationException(STANDIN); }
    public boolean isAvoidUsingOrphanedNodes() { throw new UnsupportedOperationException(STANDIN); }
    public String getDisplayName() { throw new UnsupportedOperationException(STANDIN); }

    private static final String STANDIN = "compile-only stand-in of Jenkins";
}
