package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * A freestyle job with the builder is saved and loaded again across a restart: its TaskParameters (a class of the
 * bundled cloudtask-jenkins-support jar) pass Jenkins' class filter (JEP-200) both ways.
 */
public class PersistenceTest {

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Test
    public void aFreestyleJobWithTheBuilderIsSavedAndLoadedAfterARestart() throws Throwable {
        sessions.then(j -> {
            FreeStyleProject p = j.createFreeStyleProject("p");
            CloudTaskBuilder builder = new CloudTaskBuilder("./render.sh");
            builder.setInputsText("1\n2\n");
            builder.setWorkers("w1 w2");
            builder.setCredentialsId(Workers.CREDENTIALS_ID);
            builder.setSplit(20);
            p.getBuildersList().add(builder); // why no save(): PersistedList.add saves the project (core 2.504.3)
        });
        sessions.then(j -> {
            FreeStyleProject p = j.jenkins.getItemByFullName("p", FreeStyleProject.class);
            CloudTaskBuilder loaded = p.getBuildersList().get(CloudTaskBuilder.class);
            assertThat(loaded).as("the builder was loaded from config.xml").isNotNull();
            assertThat(loaded.getCommand()).isEqualTo("./render.sh");
            assertThat(loaded.getSplit()).isEqualTo(20);
            assertThat(loaded.getWorkers()).isEqualTo("w1 w2");
        });
    }
}
