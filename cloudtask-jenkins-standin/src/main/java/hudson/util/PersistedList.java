/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.util.PersistedList exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.util;

public class PersistedList<T> extends java.util.AbstractList<T> {
    @Override
    public boolean add(T item) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public <U extends T> java.util.List<U> getAll(Class<U> type) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    @Override
    public java.util.Iterator<T> iterator() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
