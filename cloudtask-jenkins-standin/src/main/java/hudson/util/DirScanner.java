/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.util.DirScanner exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core jenkins-2.504.3 (core/src/main/java/hudson/util/DirScanner.java:30, 106-116),
 * so that the default build (Maven Central only) compiles the plugin's sources. Left out: scan, scanSingle, Full,
 * Filter and Glob's other constructors.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.util;

public abstract class DirScanner implements java.io.Serializable {

    public static class Glob extends DirScanner {
        public Glob(String includes, String excludes, boolean useDefaultExcludes) {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }
    }
}
