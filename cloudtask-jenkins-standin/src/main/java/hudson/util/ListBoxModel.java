/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.util.ListBoxModel exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.util;

public class ListBoxModel extends java.util.ArrayList<ListBoxModel.Option> {
    public void add(String displayName, String value) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public static final class Option {
        public String name;
        public String value;
    }
}
