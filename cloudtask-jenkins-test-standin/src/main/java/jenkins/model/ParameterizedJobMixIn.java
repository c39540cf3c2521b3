/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of jenkins.model.ParameterizedJobMixIn exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/jenkins core at tag jenkins-2.504.3.
 * Only the members the tests use are declared;
 * ParameterizedJob extends BuildableItem and TriggeredItem, of which only Queue.Task (through BuildableItem) is declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package jenkins.model;

public abstract class ParameterizedJobMixIn<JobT extends hudson.model.Job<JobT, RunT> & ParameterizedJobMixIn.ParameterizedJob<JobT, RunT> & hudson.model.Queue.Task,
        RunT extends hudson.model.Run<JobT, RunT> & hudson.model.Queue.Executable> {
    public interface ParameterizedJob<JobT extends hudson.model.Job<JobT, RunT> & ParameterizedJobMixIn.ParameterizedJob<JobT, RunT> & hudson.model.Queue.Task,
            RunT extends hudson.model.Run<JobT, RunT> & hudson.model.Queue.Executable> extends hudson.model.Queue.Task {
        default hudson.model.queue.QueueTaskFuture<RunT> scheduleBuild2(int quietPeriod, hudson.model.Action... actions) {
            throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
        }
    }
}
