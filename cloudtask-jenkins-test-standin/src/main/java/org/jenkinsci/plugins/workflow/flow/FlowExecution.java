/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.jenkinsci.plugins.workflow.flow.FlowExecution exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/workflow-api-plugin at tag 1398.v67030756d3fb_ (bom-2.504.x 5933.vcf06f7b_5d1a_2).
 * Only the members the tests use are declared;
 * the interfaces it implements (FlowActionStorage, GraphLookupView) and all its members are left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.jenkinsci.plugins.workflow.flow;

public abstract class FlowExecution {
}
