package org.cloudtask.jenkins;

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
import org.jvnet.hudson.test.JenkinsSessionRule;

/** A controller restart in the middle of a step: the step fails with a clear message and a re-run resumes. */
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
            sessions.then(j -> {
                WorkflowJob p = j.jenkins.getItemByFullName("p", WorkflowJob.class);
                WorkflowRun interrupted = p.getBuildByNumber(1);
                j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(interrupted));
                j.assertLogContains("the Jenkins controller restarted while this step ran", interrupted);

                Files.createFile(go);
                WorkflowRun rerun = j.buildAndAssertSuccess(p);
                j.assertLogContains("resuming session", rerun);
            });
        }
    }
}
