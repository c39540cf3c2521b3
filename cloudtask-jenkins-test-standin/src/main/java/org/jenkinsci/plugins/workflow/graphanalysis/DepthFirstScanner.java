/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/workflow-api-plugin at tag 1398.v67030756d3fb_ (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared;
 * allNodes is inherited from AbstractFlowScanner in the real source; that superclass is left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jenkinsci.plugins.workflow.graphanalysis;

public class DepthFirstScanner {
    public DepthFirstScanner() {
    }

    public java.util.List<org.jenkinsci.plugins.workflow.graph.FlowNode> allNodes(org.jenkinsci.plugins.workflow.flow.FlowExecution exec) {
        throw new UnsupportedOperationException("compile-only stand-in of Jenkins");
    }
}
