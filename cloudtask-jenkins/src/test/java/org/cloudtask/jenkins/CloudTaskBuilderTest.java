package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.lang.reflect.Method;
import jenkins.model.Jenkins;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.kohsuke.stapler.verb.POST;

public class CloudTaskBuilderTest {

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private OpenSshServer worker;

    @Before
    public void startWorker() throws Exception {
        worker = Workers.start(3);
        Workers.addCredential(worker);
    }

    @After
    public void stopWorker() {
        worker.close();
    }

    private CloudTaskBuilder builder(String command, String inputs) {
        CloudTaskBuilder builder = new CloudTaskBuilder(command);
        builder.setInputsText(inputs);
        builder.setWorkers(worker.workerAddress().toString());
        builder.setCredentialsId(Workers.CREDENTIALS_ID);
        return builder;
    }

    @Test
    public void configurationSurvivesARoundTripThroughTheForm() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        CloudTaskBuilder before = builder("./render.sh", "1\n2\n");
        before.setSplit(20);
        before.setTimeout(90);
        before.setRetries(1);
        before.setStrikes(3);
        before.setPre("./setup.sh");
        before.setOverlay("overlay/");
        before.setHostKeyPolicy("accept-new");
        before.setFailBuildOn("FAILURE");
        before.setRetryFailed(true);
        before.setJunitReport("cloudtask.xml");
        p.getBuildersList().add(before);

        j.configRoundtrip(p);

        j.assertEqualDataBoundBeans(before, p.getBuildersList().get(CloudTaskBuilder.class));
    }

    @Test
    public void aFreestyleBuildRunsTheTaskAndShowsTheJobTable() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        Workers.trust(p, worker);
        p.getBuildersList().add(builder("echo", "a\nb\n"));

        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        j.assertLogContains("exit 0 # echo a", b);
        CloudTaskAction action = b.getAction(CloudTaskAction.class);
        assertThat(action.getTotal()).isEqualTo(2);
        JenkinsRule.WebClient web = j.createWebClient();
        assertThat(web.getPage(b, action.getUrlName()).asNormalizedText()).contains("a", "b", "#1");
        assertThat(web.goTo(b.getUrl() + action.getUrlName() + "/output?job=1&attempt=1", "text/plain")
                .getWebResponse().getContentAsString()).isEqualTo("a\n");
    }

    @Test
    public void failuresMakeTheFreestyleBuildUnstable() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        Workers.trust(p, worker);
        p.getBuildersList().add(builder("exit", "0\n5\n"));
        j.assertBuildStatus(Result.UNSTABLE, p.scheduleBuild2(0));
    }

    @Test
    public void failBuildOnFailureStopsTheFreestyleBuildBeforeItsNextStep() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        Workers.trust(p, worker);
        CloudTaskBuilder failing = builder("exit", "5\n");
        failing.setFailBuildOn("FAILURE");
        p.getBuildersList().add(failing);
        p.getBuildersList().add(builder("echo", "after-cloudtask\n"));

        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        j.assertLogContains("cloudtask: 1 of 1 jobs did not succeed (1 failed, 0 timed out, 0 pending)", b);
        j.assertLogNotContains("echo after-cloudtask", b);
    }

    @Test
    public void theCredentialsDropDownShowsKeysOnlyToThoseWhoMayConfigureTheJob() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("p");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer"));
        CloudTaskBuilder.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(CloudTaskBuilder.DescriptorImpl.class);

        try (ACLContext as = ACL.as2(User.getById("reader", true).impersonate2())) {
            ListBoxModel items = descriptor.doFillCredentialsIdItems(p, "");
            assertThat(items).extracting(o -> o.value).doesNotContain(Workers.CREDENTIALS_ID);
            assertThat(descriptor.doFillCredentialsIdItems(null, "")).extracting(o -> o.value)
                    .doesNotContain(Workers.CREDENTIALS_ID);
        }
        try (ACLContext as = ACL.as2(User.getById("configurer", true).impersonate2())) {
            assertThat(descriptor.doFillCredentialsIdItems(p, "")).extracting(o -> o.value)
                    .contains(Workers.CREDENTIALS_ID);
        }
    }

    @Test
    public void formChecksNameTheProblemButOnlyToThoseWhoMaySeeTheConfiguration() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("checked");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer"));
        CloudTaskBuilder.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(CloudTaskBuilder.DescriptorImpl.class);

        try (ACLContext as = ACL.as2(User.getById("configurer", true).impersonate2())) {
            FormValidation split = descriptor.doCheckSplit(p, "0");
            assertThat(split.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(split.getMessage()).contains("split must be at least 1 (got 0)");
            assertThat(descriptor.doCheckTimeout(p, "soon").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(descriptor.doCheckInputs(p, "frames.txt", "1\n2").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(descriptor.doCheckSplit(p, "20").kind).isEqualTo(FormValidation.Kind.OK);
        }
        try (ACLContext as = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThat(descriptor.doCheckSplit(p, "0").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(descriptor.doFillCloudItems(p)).extracting(o -> o.value).containsExactly("");
        }
    }

    @Test
    public void everyFormMethodWithSideEffectsOrSecretsAcceptsPostOnly() throws Exception {
        for (Class<?> descriptor : new Class<?>[] {CloudTaskBuilder.DescriptorImpl.class, CloudTaskStep.DescriptorImpl.class}) {
            for (Method method : descriptor.getMethods()) {
                boolean listsConfiguration = method.getName().matches("doFill.*Items|doCheck.*");
                if (listsConfiguration) assertThat(method.isAnnotationPresent(POST.class)).as(method.toString()).isTrue();
            }
        }
    }
}
