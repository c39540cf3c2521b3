/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/workflow-cps-plugin at tag 4252.v465f588eb_52f (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jenkinsci.plugins.workflow.cps;

public class CpsFlowDefinition extends org.jenkinsci.plugins.workflow.flow.FlowDefinition {
    public CpsFlowDefinition(String script, boolean sandbox) throws hudson.model.Descriptor.FormException {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
