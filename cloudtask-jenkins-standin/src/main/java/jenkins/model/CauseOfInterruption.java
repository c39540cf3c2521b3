/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of jenkins.model.CauseOfInterruption exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core jenkins-2.504.3 (core/src/main/java/jenkins/model/CauseOfInterruption.java:61-66),
 * so that the default build (Maven Central only) compiles the plugin's sources. Left out: print, UserInterruption.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package jenkins.model;

public abstract class CauseOfInterruption implements java.io.Serializable {
    public abstract String getShortDescription();
}
