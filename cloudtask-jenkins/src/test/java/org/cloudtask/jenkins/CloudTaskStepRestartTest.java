package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * A controller restart in the middle of a step: the shutdown stops the task in order, the step fails with a clear
 * message, and a re-run resumes the pending job.
 */
public class CloudTaskStepRestartTest {

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Test
    public void aRestartFailsTheStepClearlyAndARerunResumesThePendingJobs() throws Throwable {
        try (OpenSshServer worker = Workers.start(2)) {
            Path go = Workers.tempDir().resolve("go");
            // why: the second job blocks until the "go" file exists, so the restart happens while it runs
            String command = "sh -c 'test \\$0 = 0 || test -e " + go + " || sleep 614'";
            String script = "node { cloudtask command: \"" + command + "\", inputsText: '0\\n1', workers: '"
                    + worker.workerAddress() + "', credentialsId: '" + Workers.CREDENTIALS_ID + "' }";
            sessions.then(j -> {
                Workers.addCredential(worker);
                WorkflowJob p = j.createProject(WorkflowJob.class, "p");
                p.setDefinition(new CpsFlowDefinition(script, true));
                Workers.trust(p, worker);
                p.scheduleBuild2(0).waitForStart();
                await().atMost(Duration.ofSeconds(60)).until(() -> Workers.processRunning("sleep 614"));
            });
            // why: the first Jenkins is shut down now (JenkinsRule runs the @Terminator methods) and the SSH
            // connections live on in this JVM: only ControllerShutdown's abort kills the remote job (issue 13 item 3)
            assertThat(Workers.processRunning("sleep 614")).as("the @Terminator aborted the task at shutdown").isFalse();
            sessions.then(j -> {
                WorkflowJob p = j.jenkins.getItemByFullName("p", WorkflowJob.class);
                WorkflowRun interrupted = p.getBuildByNumber(1);
                j.waitForCompletion(interrupted);
                // why: the shutdown aborts the task in order; the step then ends either before the restart (ABORTED,
                // as a Pipeline stop) or after it (onResume: FAILURE with the restart message), depending on whether
                // workflow-cps' own @Terminator (CpsFlowExecution.suspendAll) had shut the build's CPS VM down first
                String log = JenkinsRule.getLog(interrupted);
                assertThat(log).containsAnyOf("the Jenkins controller restarted while this step ran", "cloudtask aborted");
                assertThat(interrupted.getResult()).isEqualTo(
                        log.contains("the Jenkins controller restarted while this step ran") ? Result.FAILURE : Result.ABORTED);
                assertThat(log).doesNotContain("java.lang.InterruptedException");
                assertThat(Workers.processRunning("sleep 614")).as("the shutdown killed the remote job").isFalse();

                Files.createFile(go);
                WorkflowRun rerun = j.buildAndAssertSuccess(p);
                j.assertLogContains("resuming session", rerun);
            });
        }
    }
}
