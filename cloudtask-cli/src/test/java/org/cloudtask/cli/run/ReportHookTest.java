package org.cloudtask.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What --report accepts, checked before anything runs. */
class ReportHookTest {

    @Test
    void shNeedsACommand() {
        assertThat(ReportHook.check("sh:./notify")).isNull();
        assertThat(ReportHook.check("sh: ")).isEqualTo("--report sh: needs a command, e.g. --report 'sh:./notify'");
    }

    @Test
    void mailNeedsASenderAndARecipient() {
        assertThat(ReportHook.check("mail:batch@example.com"))
                .isEqualTo("--report mail: needs a sender and at least one recipient: --report 'mail:FROM TO...'");
    }

    @Test
    void anythingElseIsNamedInTheError() {
        assertThat(ReportHook.check("slack:#ops")).isEqualTo("--report must be sh:CMD or mail:FROM TO..., not 'slack:#ops'");
    }

    @Test
    void theMailSaysOneJobAndTwoJobs() {
        assertThat(ReportHook.counts(new org.cloudtask.core.engine.Summary(7, java.time.Duration.ofSeconds(3), 1, 1, 0,
                0, 0, 0, false, null))).isEqualTo("session 7: 1 job, 1 ok, 0 failed or timed out, 0 pending");
        assertThat(ReportHook.counts(new org.cloudtask.core.engine.Summary(8, java.time.Duration.ofSeconds(3), 2, 1, 1,
                0, 0, 0, false, null))).isEqualTo("session 8: 2 jobs, 1 ok, 1 failed or timed out, 0 pending");
    }
}
