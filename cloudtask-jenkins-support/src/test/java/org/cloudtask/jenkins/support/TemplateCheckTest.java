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
}
