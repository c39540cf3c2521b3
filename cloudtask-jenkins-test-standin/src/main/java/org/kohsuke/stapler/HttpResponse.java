/*
 * COMPILE-ONLY TEST STAND-IN. Not Jenkins: a declaration of org.kohsuke.stapler.HttpResponse exactly as the cloudtask plugin's tests
 * use it, checked against jenkinsci/stapler at 1967.vfcb_700b_75e9e (the version core 2.504.3 uses).
 * Only the members the tests use are declared;
 * its one method, generateResponse, is left out. Bodies are empty or throw. Never packaged, installed or deployed.
 */
package org.kohsuke.stapler;

public interface HttpResponse {
}
