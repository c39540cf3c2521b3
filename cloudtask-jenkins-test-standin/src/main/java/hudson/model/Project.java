/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of hudson.model.Project exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins core at tag jenkins-2.504.3.
 * Only the members the tests use are declared;
 * the interfaces it implements (SCMTriggerItem, Saveable, ProjectWithMaven, BuildableItemWithBuildWrappers) are left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package hudson.model;

public abstract class Project<P extends Project<P, B>, B extends Build<P, B>> extends AbstractProject<P, B> {
    public hudson.util.DescribableList<hudson.tasks.Builder, Descriptor<hudson.tasks.Builder>> getBuildersList() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
