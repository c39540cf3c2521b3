/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.Run exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    public JobT getParent() { throw new UnsupportedOperationException(STANDIN); }
    public int getNumber() { throw new UnsupportedOperationException(STANDIN); }
    public RunT getPreviousBuild() { throw new UnsupportedOperationException(STANDIN); }
    public boolean isBuilding() { throw new UnsupportedOperationException(STANDIN); }
    public java.io.File getRootDir() { throw new UnsupportedOperationException(STANDIN); }
    public String getExternalizableId() { throw new UnsupportedOperationException(STANDIN); }
    public Result getResult() { throw new UnsupportedOperationException(STANDIN); }
    public String getUrl() { throw new UnsupportedOperationException(STANDIN); }
    public void setResult(Result r) { throw new UnsupportedOperationException(STANDIN); }
    public synchronized void save() throws java.io.IOException { throw new UnsupportedOperationException(STANDIN); }

    private static final String STANDIN = "compile-only stand-in of Jenkins";
}
