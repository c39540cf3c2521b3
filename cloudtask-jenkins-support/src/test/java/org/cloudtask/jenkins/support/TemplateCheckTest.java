package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateCheckTest {

    @Test
    void aTemplateThatMayAdoptOrphanedInstancesIsRefusedSayingWhatToTick() {
        assertThat(TemplateCheck.problem("prod", "render", false, false)).hasValueSatisfying(message -> assertThat(message)
                .contains("template 'render' of cloud 'prod'").contains("tick 'Avoid Using Orphaned Nodes'"));
        assertThat(TemplateCheck.problem("prod", "render", false, true)).isEmpty();
    }

    @Test
    void spotTemplatesAreRefusedClearly() {
        assertThat(TemplateCheck.problem("prod", "cheap", true, true)).hasValueSatisfying(message -> assertThat(message)
                .contains("spot").contains("use an on-demand template"));
    }

    @Test
    void anInstanceWithoutAnAddressForTheStrategyIsAFailureThatSaysWhatToChange() {
        assertThat(TemplateCheck.addressProblem("i-1", null, "PUBLIC_IP")).hasValueSatisfying(message -> assertThat(message)
                .contains("instance i-1 has no address for the template's connection strategy PUBLIC_IP")
                .contains("choose a private strategy"));
        assertThat(TemplateCheck.addressProblem("i-1", "", "PUBLIC_DNS")).isPresent();
        assertThat(TemplateCheck.addressProblem("i-1", "10.0.0.5", "PRIVATE_IP")).isEmpty();
    }
}
