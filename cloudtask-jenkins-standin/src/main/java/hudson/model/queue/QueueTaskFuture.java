/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.model.queue.QueueTaskFuture exactly as the cloudtask plugin's JenkinsRule tests use it,
 * checked against jenkinsci/jenkins core (tag jenkins-2.504.3), so that the default build (Maven Central only) compiles them.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package hudson.model.queue;

public interface QueueTaskFuture<R extends hudson.model.Queue.Executable> extends java.util.concurrent.Future<R> {
    R waitForStart() throws InterruptedException, java.util.concurrent.ExecutionException;
}
