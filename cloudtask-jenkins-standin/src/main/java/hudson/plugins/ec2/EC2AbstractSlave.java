/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.plugins.ec2.EC2AbstractSlave exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/ec2-plugin 2059.v05f9d511d7e5, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.plugins.ec2;

public abstract class EC2AbstractSlave extends hudson.model.Slave {
    public final String templateDescription = null;
    public final String cloudName = null;

    public String getInstanceId() { throw new UnsupportedOperationException(STANDIN); }
    public int getSshPort() { throw new UnsupportedOperationException(STANDIN); }

    private static final String STANDIN = "compile-only stand-in of Jenkins";
}
