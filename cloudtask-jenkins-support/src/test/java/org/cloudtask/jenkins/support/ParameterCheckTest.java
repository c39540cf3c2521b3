package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParameterCheckTest {

    private static TaskParameters valid() {
        TaskParameters p = new TaskParameters("./render.sh");
        p.setInputsText("1\n2\n");
        p.setWorkers("w1 w2");
        return p;
    }

    @Test
    void aCommandWithInputsAndWorkersIsValid() {
        assertThat(ParameterCheck.problems(valid())).isEmpty();
    }

    @Test
    void missingCommandAndInputsAreNamedWithWhatToDo() {
        TaskParameters p = new TaskParameters(" ");
        p.setWorkers("w1");
        assertThat(ParameterCheck.problems(p)).containsExactly(
                "command is required: the command each input line's words are appended to",
                "inputs are required: name a workspace file with one input per line, or give inputsText");
    }

    @Test
    void bothInputsFileAndTextAreRefused() {
        TaskParameters p = valid();
        p.setInputs("frames.txt");
        assertThat(ParameterCheck.problems(p)).containsExactly("give either inputs (a workspace file) or inputsText, not both");
    }

    @Test
    void aBadHaltIsNamedWithExamples() {
        TaskParameters p = valid();
        p.setHalt("fail=many");
        assertThat(ParameterCheck.problems(p)).containsExactly(
                "halt 'fail=many': 'many' is not a number; write e.g. fail=5, fail=10% or now,fail=10%");
        assertThat(ParameterCheck.halt("soon,fail=3", 20)).isEmpty();
        assertThat(ParameterCheck.halt(null, 0)).contains("haltMin must be at least 1 (got 0)");
    }

    @Test
    void returnPathsOutsideTheJobsDirectoryAreRefused() {
        TaskParameters p = valid();
        p.setReturns("ok.txt\n/etc/passwd");
        assertThat(ParameterCheck.problems(p)).containsExactly(
                "returns '/etc/passwd': give paths relative to the job's working directory, without .. or {}");
    }

    @Test
    void splitBelowOneIsRefusedWithTheValueGiven() {
        assertThat(ParameterCheck.split(0)).contains("split must be at least 1 (got 0): it is the number of workers to use");
        assertThat(ParameterCheck.split(20)).isEmpty();
    }

    @Test
    void timeoutBelowOneSecondIsRefused() {
        assertThat(ParameterCheck.timeout(-5)).contains("timeout must be at least 1 second (got -5); the default is 3600");
    }

    @Test
    void unknownPoliciesAreRefused() {
        TaskParameters p = valid();
        p.setHostKeyPolicy("trust-me");
        p.setFailBuildOn("NEVER");
        p.setRetries(-1);
        assertThat(ParameterCheck.problems(p)).containsExactly(
                "retries must be 0 or more (got -1)",
                "hostKeyPolicy must be strict, accept-new or off (got 'trust-me')",
                "failBuildOn must be UNSTABLE or FAILURE (got 'NEVER')");
    }

    @Test
    void aCloudNeedsATemplateAndNoWorkersNeedACloud() {
        TaskParameters p = valid();
        p.setWorkers(null);
        assertThat(ParameterCheck.problems(p))
                .containsExactly("no workers: list workers (addresses or a workspace file), or name an EC2 cloud and template");
        p.setCloud("ec2-prod");
        assertThat(ParameterCheck.problems(p))
                .containsExactly("cloud 'ec2-prod' needs a template: name one of its agent templates");
        p.setTemplate("render-worker");
        assertThat(ParameterCheck.problems(p)).isEmpty();
    }

    @Test
    void blankOptionalFieldsFallBackToTheCommandLinesDefaults() {
        TaskParameters p = new TaskParameters("echo");
        p.setHostKeyPolicy("");
        p.setFailBuildOn(null);
        p.setPost("  ");
        assertThat(p.getHostKeyPolicy()).isEqualTo("strict");
        assertThat(p.getFailBuildOn()).isEqualTo("UNSTABLE");
        assertThat(p.getPost()).isNull();
        assertThat(p.getSplit()).isEqualTo(1);
        assertThat(p.getTimeout()).isEqualTo(3600);
        assertThat(p.isResume()).isTrue();
        assertThat(p.isRetryFailed()).isFalse();
    }

    @Test
    void workspacePathsCannotReachOutsideTheWorkspace() {
        assertThat(ParameterCheck.workspacePath("inputs", "data/frames.txt")).isEmpty();
        assertThat(ParameterCheck.workspacePath("inputs", "a..b/x")).isEmpty();
        assertThat(ParameterCheck.workspacePath("inputs", "/var/lib/jenkins/secrets/master.key"))
                .contains("inputs must be a path inside the workspace (got '/var/lib/jenkins/secrets/master.key')");
        assertThat(ParameterCheck.workspacePath("overlay", "../other-job")).isPresent();
        assertThat(ParameterCheck.workspacePath("junitReport", "out/../../x.xml")).isPresent();
        assertThat(ParameterCheck.workspacePath("overlay", "C:\\Windows")).isPresent();
    }

    @Test
    void inputsTypedInABrowserGiveTheSameTaskAsInAPipeline() {
        TaskParameters p = new TaskParameters("echo");
        p.setInputsText("a\r\nb\r\n");
        assertThat(p.getInputsText()).isEqualTo("a\nb\n");
    }
}
