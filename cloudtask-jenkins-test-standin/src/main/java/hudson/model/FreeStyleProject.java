/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of hudson.model.FreeStyleProject exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins core at tag jenkins-2.504.3.
 * Only the members the tests use are declared;
 * its constructors are left out: the tests create projects through JenkinsRule. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package hudson.model;

public class FreeStyleProject extends Project<FreeStyleProject, FreeStyleBuild> implements TopLevelItem {
}
