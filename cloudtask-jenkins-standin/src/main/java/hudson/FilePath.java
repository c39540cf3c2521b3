/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.FilePath exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson;

public final class FilePath implements java.io.Serializable {
    public FilePath(java.io.File localPath) {
        throw new UnsupportedOperationException(STANDIN);
    }

    public String getRemote() { throw new UnsupportedOperationException(STANDIN); }
    public FilePath child(String relOrAbsolute) { throw new UnsupportedOperationException(STANDIN); }
    public boolean exists() throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    public boolean isDirectory() throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    public java.io.InputStream read() throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    public String readToString() throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    public void write(String content, String encoding) throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    public boolean isRemote() { throw new UnsupportedOperationException(STANDIN); }
    public String digest() throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    // core 2.504.3 FilePath.java:2797
    public int copyRecursiveTo(hudson.util.DirScanner scanner, FilePath target, String description) throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }
    public void deleteRecursive() throws java.io.IOException, InterruptedException { throw new UnsupportedOperationException(STANDIN); }

    private static final String STANDIN = "compile-only stand-in of Jenkins";
}
