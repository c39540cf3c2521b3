package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConsoleOutputTest {

    private static final String CLOUD_INIT = "ssh-rsa AAAAB3 root@x\n";

    @Test
    void base64ConsoleOutputIsDecodedAndEmptyIsEmpty() {
        String encoded = Base64.getEncoder().encodeToString(CLOUD_INIT.getBytes(StandardCharsets.UTF_8));

        assertThat(ConsoleOutput.decode(encoded)).isEqualTo(CLOUD_INIT);
        assertThat(ConsoleOutput.decode(null)).isEmpty();
    }
}
