/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.job.WorkflowJob exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/workflow-job-plugin at tag 1559.va_a_533730b_ea_d (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared;
 * of its supertypes only Job, ParameterizedJob, TopLevelItem and Queue.FlyweightTask are declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jenkinsci.plugins.workflow.job;

public final class WorkflowJob extends hudson.model.Job<WorkflowJob, WorkflowRun>
        implements jenkins.model.ParameterizedJobMixIn.ParameterizedJob<WorkflowJob, WorkflowRun>, hudson.model.TopLevelItem,
        hudson.model.Queue.FlyweightTask {
    public void setDefinition(org.jenkinsci.plugins.workflow.flow.FlowDefinition definition) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
