package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleHostKeysTest {

    private static final String CONSOLE = """
            [   10.1] cloud-init[812]: Cloud-init v. 23.1 running
            -----BEGIN SSH HOST KEY KEYS-----
            ecdsa-sha2-nistp256 AAAAE2VjZHNh root@ip-10-0-0-1
            ssh-ed25519 AAAAC3NzaC1lZDI1 root@ip-10-0-0-1
            ssh-rsa AAAAB3NzaC1yc2E root@ip-10-0-0-1
            -----END SSH HOST KEY KEYS-----
            """;

    @Test
    void theKeysBlockOfTheConsoleIsRead() {
        assertThat(ConsoleHostKeys.parse(CONSOLE)).containsExactly(
                "ecdsa-sha2-nistp256 AAAAE2VjZHNh", "ssh-ed25519 AAAAC3NzaC1lZDI1", "ssh-rsa AAAAB3NzaC1yc2E");
    }

    @Test
    void ed25519IsPreferred() {
        assertThat(ConsoleHostKeys.preferred(ConsoleHostKeys.parse(CONSOLE))).isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1");
    }

    @Test
    void aConsoleWithoutTheBlockOrCutShortGivesNoKey() {
        assertThat(ConsoleHostKeys.parse("booting...")).isEmpty();
        assertThat(ConsoleHostKeys.parse("-----BEGIN SSH HOST KEY KEYS-----\nssh-rsa AAAA")).isEmpty();
        assertThat(ConsoleHostKeys.preferred(List.of())).isNull();
    }
}
