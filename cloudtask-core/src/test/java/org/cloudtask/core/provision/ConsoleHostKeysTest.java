package org.cloudtask.core.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleHostKeysTest {

    private static final String CLOUD_INIT = """
            [   12.503] cloud-init[1021]: Cloud-init v. 22.2 running 'modules:final'
            ec2: #############################################################
            ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----
            ec2: 256 SHA256:abc root@ip-10-0-0-5 (ECDSA)
            ec2: -----END SSH HOST KEY FINGERPRINTS-----
            -----BEGIN SSH HOST KEY KEYS-----
            ecdsa-sha2-nistp256 AAAAE2VjZHNh root@ip-10-0-0-5
            ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 root@ip-10-0-0-5
            ssh-rsa AAAAB3NzaC1yc2E root@ip-10-0-0-5
            -----END SSH HOST KEY KEYS-----
            [   13.001] cloud-init[1021]: Cloud-init v. 22.2 finished
            """;

    @Test
    void strongestHostKeyOfTheBlockIsChosen() {
        assertThat(ConsoleHostKeys.strongest(CLOUD_INIT)).contains("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
    }

    @Test
    void ecdsaIsPreferredToRsaWhenThereIsNoEd25519() {
        String console = CLOUD_INIT.replace("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 root@ip-10-0-0-5\n", "");

        assertThat(ConsoleHostKeys.strongest(console)).contains("ecdsa-sha2-nistp256 AAAAE2VjZHNh");
    }

    @Test
    void prefixedConsoleLinesAreUnderstood() {
        String console = "ec2: -----BEGIN SSH HOST KEY KEYS-----\nec2: ssh-rsa AAAAB3 root@x\nec2: -----END SSH HOST KEY KEYS-----\n";

        assertThat(ConsoleHostKeys.strongest(console)).contains("ssh-rsa AAAAB3");
    }

    @Test
    void noBlockOrAnUnfinishedOneGivesNoKey() {
        assertThat(ConsoleHostKeys.strongest("booting...\n")).isEmpty();
        assertThat(ConsoleHostKeys.strongest(CLOUD_INIT.substring(0, CLOUD_INIT.indexOf("-----END SSH HOST KEY KEYS")))).isEmpty();
    }

    @Test
    void noConsoleGivesNoKey() {
        assertThat(ConsoleHostKeys.strongest(null)).isEmpty();
    }
}
