package org.cloudtask.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.cloudtask.jenkins.support.StepResult;
import org.cloudtask.jenkins.support.StopOrder;
import org.cloudtask.jenkins.support.TaskParameters;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code cloudtask} Pipeline step: runs a command once per input line over SSH workers and returns the counts.
 * Its fields mirror {@link CloudTaskBuilder}'s; both keep them in one {@link TaskParameters}.
 */
public final class CloudTaskStep extends Step {

    private final TaskParameters parameters;

    @DataBoundConstructor
    public CloudTaskStep(String command) {
        parameters = new TaskParameters(command);
    }

    public String getCommand() { return parameters.getCommand(); }

    public String getInputs() { return parameters.getInputs(); }
    @DataBoundSetter public void setInputs(String value) { parameters.setInputs(value); }

    public String getInputsText() { return parameters.getInputsText(); }
    @DataBoundSetter public void setInputsText(String value) { parameters.setInputsText(value); }

    public int getSplit() { return parameters.getSplit(); }
    @DataBoundSetter public void setSplit(int value) { parameters.setSplit(value); }

    public String getWorkers() { return parameters.getWorkers(); }
    @DataBoundSetter public void setWorkers(String value) { parameters.setWorkers(value); }

    public String getCredentialsId() { return parameters.getCredentialsId(); }
    @DataBoundSetter public void setCredentialsId(String value) { parameters.setCredentialsId(value); }

    public String getUser() { return parameters.getUser(); }
    @DataBoundSetter public void setUser(String value) { parameters.setUser(value); }

    public String getCloud() { return parameters.getCloud(); }
    @DataBoundSetter public void setCloud(String value) { parameters.setCloud(value); }

    public String getTemplate() { return parameters.getTemplate(); }
    @DataBoundSetter public void setTemplate(String value) { parameters.setTemplate(value); }

    public int getTimeout() { return parameters.getTimeout(); }
    @DataBoundSetter public void setTimeout(int value) { parameters.setTimeout(value); }

    public int getRetries() { return parameters.getRetries(); }
    @DataBoundSetter public void setRetries(int value) { parameters.setRetries(value); }

    public int getStrikes() { return parameters.getStrikes(); }
    @DataBoundSetter public void setStrikes(int value) { parameters.setStrikes(value); }

    public String getHalt() { return parameters.getHalt(); }
    @DataBoundSetter public void setHalt(String value) { parameters.setHalt(value); }

    public int getHaltMin() { return parameters.getHaltMin(); }
    @DataBoundSetter public void setHaltMin(int value) { parameters.setHaltMin(value); }

    public String getEnv() { return parameters.getEnv(); }
    @DataBoundSetter public void setEnv(String value) { parameters.setEnv(value); }

    public String getReturns() { return parameters.getReturns(); }
    @DataBoundSetter public void setReturns(String value) { parameters.setReturns(value); }

    public int getReturnMaxMegabytes() { return parameters.getReturnMaxMegabytes(); }
    @DataBoundSetter public void setReturnMaxMegabytes(int value) { parameters.setReturnMaxMegabytes(value); }

    public String getPre() { return parameters.getPre(); }
    @DataBoundSetter public void setPre(String value) { parameters.setPre(value); }

    public String getPost() { return parameters.getPost(); }
    @DataBoundSetter public void setPost(String value) { parameters.setPost(value); }

    public String getOverlay() { return parameters.getOverlay(); }
    @DataBoundSetter public void setOverlay(String value) { parameters.setOverlay(value); }

    public String getHostKeyPolicy() { return parameters.getHostKeyPolicy(); }
    @DataBoundSetter public void setHostKeyPolicy(String value) { parameters.setHostKeyPolicy(value); }

    public String getFailBuildOn() { return parameters.getFailBuildOn(); }
    @DataBoundSetter public void setFailBuildOn(String value) { parameters.setFailBuildOn(value); }

    public boolean isResume() { return parameters.isResume(); }
    @DataBoundSetter public void setResume(boolean value) { parameters.setResume(value); }

    public boolean isRetryFailed() { return parameters.isRetryFailed(); }
    @DataBoundSetter public void setRetryFailed(boolean value) { parameters.setRetryFailed(value); }

    public String getJunitReport() { return parameters.getJunitReport(); }
    @DataBoundSetter public void setJunitReport(String value) { parameters.setJunitReport(value); }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(parameters, context);
    }

    /** Runs the task on a thread of its own, never on the CPS thread. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final TaskParameters parameters;
        private transient StopOrder stops;

        Execution(TaskParameters parameters, StepContext context) {
            super(context);
            this.parameters = parameters;
        }

        private synchronized StopOrder stops() {
            if (stops == null) stops = new StopOrder();
            return stops;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StopOrder order = stops();
            CloudTaskRunner runner = new CloudTaskRunner(parameters, getContext().get(Run.class),
                    getContext().get(FilePath.class), getContext().get(TaskListener.class),
                    getContext().get(hudson.EnvVars.class), order, this::markUnstable);
            try {
                return StepResult.of(order.run(runner::run));
            } catch (InterruptedException e) {
                throw asAbort(e);
            }
        }

        /**
         * An abort that did not come from Pipeline (the controller's shutdown abort, {@link ControllerShutdown}) ends
         * the step as Pipeline's own stop does: ABORTED, no stack trace. why: workflow-cps 4252 (CpsThreadGroup.java:
         * 469-474) makes any other uncaught throwable a FAILURE, and workflow-job 1559 (WorkflowRun.java:655-660)
         * prints its stack trace; the console already says "cloudtask aborted" and how to resume.
         */
        private static FlowInterruptedException asAbort(InterruptedException e) {
            if (e instanceof FlowInterruptedException pipelineStop) return pipelineStop;
            return new FlowInterruptedException(Result.ABORTED, true);
        }

        /** As workflow-basic-steps' {@code unstable} step: the stage of this step shows unstable, with the reason. */
        private void markUnstable(String message) {
            try {
                getContext().get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
            } catch (IOException e) {
                // why: the build's result is already UNSTABLE and the console says why; only the stage's colour is lost
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * The first stop is the engine's gentle abort (jobs killed after their grace, launched instances terminated,
         * session saved); {@link #run} then ends the step with this cause once the engine has finished. A second stop
         * kills without grace. why: not {@code super.stop}, which (workflow-step-api 710) interrupts this step's
         * thread, making it the engine's second, no-grace abort, and reports the failure at once, before the cleanup.
         */
        @Override
        public void stop(@NonNull Throwable cause) {
            stops().stop(cause);
        }

        /**
         * After a controller restart the engine that ran this step is gone (its session was saved as it went, and a
         * launched worker is terminated by the next resume). Resuming inside this build would need the engine to
         * re-attach to jobs still running remotely, which it cannot; so the step fails and a re-run resumes.
         */
        @Override
        public void onResume() {
            getContext().onFailure(new AbortException(PluginText.get("CloudTaskStep.restarted")));
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "cloudtask";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return PluginText.get("CloudTaskStep.displayName");
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, FlowNode.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return FormSupport.credentialsIdItems(item, credentialsId);
        }

        @POST
        public ListBoxModel doFillCloudItems(@AncestorInPath Item item) {
            return FormSupport.cloudItems(item);
        }

        @POST
        public ListBoxModel doFillTemplateItems(@AncestorInPath Item item, @QueryParameter String cloud) {
            return FormSupport.templateItems(item, cloud);
        }

        @POST
        public ListBoxModel doFillHostKeyPolicyItems() {
            return FormSupport.hostKeyPolicyItems();
        }

        @POST
        public ListBoxModel doFillFailBuildOnItems() {
            return FormSupport.failBuildOnItems();
        }

        @POST
        public FormValidation doCheckSplit(@AncestorInPath Item item, @QueryParameter String value) {
            return FormSupport.checkSplit(item, value);
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormSupport.checkTimeout(item, value);
        }

        @POST
        public FormValidation doCheckInputs(@AncestorInPath Item item, @QueryParameter String value,
                                            @QueryParameter String inputsText) {
            return FormSupport.checkInputs(item, value, inputsText);
        }
    }
}
