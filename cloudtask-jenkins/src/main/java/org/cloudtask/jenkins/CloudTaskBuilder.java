package org.cloudtask.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import org.cloudtask.jenkins.support.StopOrder;
import org.cloudtask.jenkins.support.TaskParameters;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step "Run a cloudtask": the same fields as the {@code cloudtask} Pipeline step, kept in one
 * {@link TaskParameters}. Aborting the build interrupts {@link #perform}, which aborts the engine.
 */
public final class CloudTaskBuilder extends Builder implements SimpleBuildStep {

    private final TaskParameters parameters;

    @DataBoundConstructor
    public CloudTaskBuilder(String command) {
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
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        new CloudTaskRunner(parameters, run, workspace, listener, env, new StopOrder(), message -> { }).run();
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    // why: not "cloudtask", which is the Pipeline step's own function name; two meanings would confuse the DSL
    @Symbol("cloudtaskBuilder")
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        /**
         * The same fields as the Pipeline step: one help file per field, served by the step's descriptor. The
         * builder's own help (no field: Descriptor.getHelpFile() asks with null) is its own help.html.
         */
        @Override
        public String getHelpFile(String fieldName) {
            if (fieldName == null) return super.getHelpFile(null);
            return ExtensionList.lookupSingleton(CloudTaskStep.DescriptorImpl.class).getHelpFile(fieldName);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return PluginText.get("CloudTaskBuilder.displayName");
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
