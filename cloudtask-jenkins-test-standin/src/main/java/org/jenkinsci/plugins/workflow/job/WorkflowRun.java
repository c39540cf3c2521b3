/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.job.WorkflowRun exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/workflow-job-plugin at tag 1559.va_a_533730b_ea_d (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared;
 * it implements Queue.Executable through FlowExecutionOwner.Executable, which is left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jenkinsci.plugins.workflow.job;

public final class WorkflowRun extends hudson.model.Run<WorkflowJob, WorkflowRun> implements hudson.model.Queue.Executable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public org.jenkinsci.plugins.workflow.flow.FlowExecution getExecution() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }

    public org.kohsuke.stapler.HttpResponse doStop() {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
