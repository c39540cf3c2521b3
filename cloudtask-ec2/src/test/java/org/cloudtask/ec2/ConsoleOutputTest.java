package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConsoleOutputTest {

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
        assertThat(ConsoleOutput.strongestHostKey(CLOUD_INIT)).contains("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
    }

    @Test
    void ecdsaIsPreferredToRsaWhenThereIsNoEd25519() {
        String console = CLOUD_INIT.replace("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 root@ip-10-0-0-5\n", "");

        assertThat(ConsoleOutput.strongestHostKey(console)).contains("ecdsa-sha2-nistp256 AAAAE2VjZHNh");
    }

    @Test
    void prefixedConsoleLinesAreUnderstood() {
        String console = "ec2: -----BEGIN SSH HOST KEY KEYS-----\nec2: ssh-rsa AAAAB3 root@x\nec2: -----END SSH HOST KEY KEYS-----\n";

        assertThat(ConsoleOutput.strongestHostKey(console)).contains("ssh-rsa AAAAB3");
    }

    @Test
    void noBlockOrAnUnfinishedOneGivesNoKey() {
        assertThat(ConsoleOutput.strongestHostKey("booting...\n")).isEmpty();
        assertThat(ConsoleOutput.strongestHostKey(CLOUD_INIT.substring(0, CLOUD_INIT.indexOf("-----END SSH HOST KEY KEYS")))).isEmpty();
    }

    @Test
    void base64ConsoleOutputIsDecodedAndEmptyIsEmpty() {
        String encoded = Base64.getEncoder().encodeToString(CLOUD_INIT.getBytes(StandardCharsets.UTF_8));

        assertThat(ConsoleOutput.decode(encoded)).isEqualTo(CLOUD_INIT);
        assertThat(ConsoleOutput.decode(null)).isEmpty();
    }
}
