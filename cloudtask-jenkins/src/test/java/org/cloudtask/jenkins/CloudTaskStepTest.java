package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cloudtask.jenkins.support.JobRecord;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

public class CloudTaskStepTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private OpenSshServer worker;

    @Before
    public void startWorker() throws Exception {
        worker = Workers.start(1);
        Workers.addCredential(worker);
    }

    @After
    public void stopWorker() {
        worker.close();
    }

    private WorkflowJob pipeline(String step) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node {\n" + step + "\n}", true));
        Workers.trust(p, worker);
        return p;
    }

    private String cloudtask(String arguments) {
        return "def r = cloudtask " + arguments + ", workers: '" + worker.workerAddress() + "', credentialsId: '"
                + Workers.CREDENTIALS_ID + "'\n"
                + "echo \"counts ok=${r.ok} failed=${r.failed} total=${r.total} pending=${r.pending} session=${r.sessionId}\"";
    }

    @Test
    public void pipelineRunsEachInputOnAnOpenSshWorkerWithTheCredentialsKey() throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'echo', inputsText: 'one\\ntwo\\nthree'"));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("counts ok=3 failed=0 total=3 pending=0", b);
        j.assertLogContains("exit 0 # echo two", b);
        CloudTaskAction action = b.getAction(CloudTaskAction.class);
        assertThat(action.getJobs()).extracting(JobRecord::input).containsExactlyInAnyOrder("one", "two", "three");
        assertThat(action.getWorkersUsed()).hasSize(1);
        j.assertLogNotContains("PRIVATE KEY", b);
    }

    @Test
    public void inputsAreReadFromAWorkspaceFile() throws Exception {
        WorkflowJob p = pipeline("writeFile file: 'frames.txt', text: '1\\n2\\n'\n"
                + cloudtask("command: 'echo frame', inputs: 'frames.txt'"));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("counts ok=2 failed=0 total=2", b);
    }

    @Test
    public void failedJobsMakeTheBuildUnstableAndTheCountsAreReturned() throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'exit', inputsText: '0\\n3'"));
        WorkflowRun b = j.assertBuildStatus(Result.UNSTABLE, p.scheduleBuild2(0));
        j.assertLogContains("counts ok=1 failed=1 total=2 pending=0", b);
    }

    @Test
    public void failBuildOnFailureFailsTheBuildAndStopsThePipeline() throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'exit', inputsText: '4', failBuildOn: 'FAILURE'")
                + "\necho 'after-cloudtask'");
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("cloudtask: 1 of 1 jobs did not succeed (1 failed, 0 timed out, 0 pending)", b);
        j.assertLogNotContains("after-cloudtask", b);
    }

    @Test
    public void anUnstableResultMarksTheStepsNodeAndThePipelineGoesOn() throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'exit', inputsText: '0\n3'") + "\necho 'after-cloudtask'");
        WorkflowRun b = j.assertBuildStatus(Result.UNSTABLE, p.scheduleBuild2(0));
        j.assertLogContains("WARNING: cloudtask: 1 of 2 jobs did not succeed", b);
        j.assertLogContains("after-cloudtask", b);
        List<WarningAction> warnings = new ArrayList<>();
        for (FlowNode node : new DepthFirstScanner().allNodes(b.getExecution())) {
            WarningAction warning = node.getPersistentAction(WarningAction.class);
            if (warning != null) warnings.add(warning);
        }
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.getResult()).isEqualTo(Result.UNSTABLE);
            assertThat(w.getMessage()).contains("1 of 2 jobs did not succeed");
        });
    }

    /**
     * The overlay reaches the worker whole. Before the fix it was copied out of the workspace with
     * {@code FilePath.copyRecursiveTo(FilePath)}, which scans with Ant's default excludes (core 2.504.3 DirScanner.Glob):
     * a {@code .gitignore} or an editor's {@code notes~} was silently left out.
     */
    @Test
    public void theOverlayKeepsFilesThatAntsDefaultExcludesWouldLeaveOut() throws Exception {
        Path landing = Path.of("/tmp", "cloudtask-jenkins-overlay-" + System.nanoTime());
        String inOverlay = "overlay" + landing;
        WorkflowJob p = pipeline("writeFile file: '" + inOverlay + "/.gitignore', text: 'x'\n"
                + "writeFile file: '" + inOverlay + "/notes~', text: 'y'\n"
                + cloudtask("command: 'test -e " + landing + "/.gitignore && test -e " + landing + "/notes~ && echo', "
                + "inputsText: 'both-there', overlay: 'overlay'"));
        try {
            WorkflowRun b = j.buildAndAssertSuccess(p);
            j.assertLogContains("counts ok=1 failed=0 total=1", b);
        } finally {
            Files.deleteIfExists(landing.resolve(".gitignore"));
            Files.deleteIfExists(landing.resolve("notes~"));
            Files.deleteIfExists(landing);
        }
    }

    @Test
    public void badParametersFailWithOneLineAndNoStackTrace() throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'echo', inputsText: '1', split: 0"));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("cloudtask: split must be at least 1 (got 0)", b);
        j.assertLogNotContains("\tat org.cloudtask", b);
    }

    /** A build whose one job is {@code sleep <seconds>}, started and waited for until that job runs on the worker. */
    private WorkflowRun buildSleepingOnTheWorker(String seconds) throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'sleep', inputsText: '" + seconds + "'"));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> Workers.processRunning("sleep " + seconds));
        return b;
    }

    @Test
    public void abortKillsTheRemoteJobsAndEndsTheBuildAborted() throws Exception {
        WorkflowRun b = buildSleepingOnTheWorker("611");

        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Workers.processRunning("sleep 611"));
    }

    @Test
    public void anAbortEndsTheBuildOnlyAfterTheJobsGraceAndTheEnginesCleanup() throws Exception {
        Path scratch = Workers.tempDir();
        Path started = scratch.resolve("started");
        Path termed = scratch.resolve("termed");
        // why: the job takes 2 s to exit on TERM: the build must not end before, and TERM (not KILL) means the gentle abort
        WorkflowJob p = pipeline(cloudtask("command: \"sh -c 'trap \\\"sleep 2; touch " + termed + "; exit 1\\\" TERM; touch "
                + started + "; while :; do sleep 0.2; done'\", inputsText: '1'"));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));

        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertThat(termed).as("the job had its grace before the build ended").exists();
        j.assertLogContains("cloudtask aborted: running jobs were killed", b);
        j.assertLogContains("pending", b);
    }

    /**
     * The controller's shutdown abort (the {@code @Terminator}, called here directly) ends the step as Pipeline's own
     * stop does: ABORTED, no stack trace. Before the fix the step failed with a plain InterruptedException, which
     * workflow-cps 4252 (CpsThreadGroup.java:469-474) makes a FAILURE with its stack trace in the console.
     */
    @Test
    public void theShutdownAbortEndsTheStepAbortedWithoutAStackTrace() throws Exception {
        WorkflowRun b = buildSleepingOnTheWorker("615");

        ControllerShutdown.abortRunningTasks();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        j.assertLogContains("cloudtask aborted", b);
        j.assertLogNotContains("java.lang.InterruptedException", b);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Workers.processRunning("sleep 615"));
    }

    @Test
    public void reRunningResumesOnlyThePendingJobsAndTheTableSaysWhichBuildRanEach() throws Exception {
        Path scratch = Workers.tempDir();
        Path runs = scratch.resolve("runs");
        Path go = scratch.resolve("go");
        // why: job 3 blocks until the "go" file exists, so the first build can be aborted while it runs
        String command = "sh -c 'echo $0 >> " + runs + "; test $0 != 3 || test -e " + go + " || sleep 612'";
        WorkflowJob p = pipeline(cloudtask("command: \"" + command.replace("$", "\\$") + "\", inputsText: '1\\n2\\n3'"));

        WorkflowRun first = p.scheduleBuild2(0).waitForStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> Workers.processRunning("sleep 612"));
        first.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(first));
        Files.createFile(go);

        WorkflowRun second = j.buildAndAssertSuccess(p);

        j.assertLogContains("resuming session", second);
        assertThat(Files.readAllLines(runs)).containsExactly("1", "2", "3", "3");
        CloudTaskAction action = second.getAction(CloudTaskAction.class);
        assertThat(action.getJobs()).extracting(JobRecord::input, JobRecord::build)
                .containsExactlyInAnyOrder(
                        tuple("1", 1), tuple("2", 1),
                        tuple("3", 2));
    }

    @Test
    public void resumeFalseStartsAfresh() throws Exception {
        WorkflowJob p = pipeline(cloudtask("command: 'sleep', inputsText: '613'"));
        WorkflowRun first = p.scheduleBuild2(0).waitForStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> Workers.processRunning("sleep 613"));
        first.doStop();
        j.waitForCompletion(first);

        p.setDefinition(new CpsFlowDefinition("node {\n"
                + cloudtask("command: 'echo', inputsText: '613', resume: false") + "\n}", true));
        WorkflowRun second = j.buildAndAssertSuccess(p);
        j.assertLogContains("starting a new session", second);
    }
}
