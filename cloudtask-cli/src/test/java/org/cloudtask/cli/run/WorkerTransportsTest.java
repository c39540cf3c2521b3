package org.cloudtask.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cloudtask.cli.console.Console;
import org.cloudtask.cli.options.WorkerOptions;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.ssh.SshTransport;
import org.cloudtask.ssh.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerTransportsTest {

    @TempDir
    Path temp;

    private final Console console = new Console(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()), false, System::nanoTime);

    private WorkerTransports transports(Map<String, String> variables) {
        return new WorkerTransports(variables, temp, console);
    }

    private TaskSettings settingsWithKey(Path key) {
        TaskSettings settings = new TaskSettings().workers(List.of(WorkerAddress.of("w1")));
        settings.frontEnd().put(WorkerOptions.IDENTITIES, key.toString());
        return settings;
    }

    @Test
    void localWorkersNeedNoTransport() {
        assertThat(transports(Map.of()).forSettings(new TaskSettings())).isInstanceOf(org.cloudtask.core.local.LocalTransport.class);
    }

    @Test
    void listedWorkersGetSshWithThePassphraseFromTheEnvironment() throws Exception {
        Path key = TestKeys.generate(temp.resolve("key"), "ed25519", "s3cret", false);

        assertThat(transports(Map.of("CLOUDTASK_SSH_PASSPHRASE", "s3cret")).forSettings(settingsWithKey(key)))
                .isInstanceOf(SshTransport.class);
    }

    @Test
    void aWrongPassphraseIsAOneLineError() throws Exception {
        Path key = TestKeys.generate(temp.resolve("key"), "ed25519", "s3cret", false);

        assertThatThrownBy(() -> transports(Map.of("CLOUDTASK_SSH_PASSPHRASE", "nope"))
                .forSettings(settingsWithKey(key)))
                .isInstanceOf(CloudTaskException.class).hasMessage("wrong passphrase for SSH key " + key);
    }

    @Test
    void noKeyAtAllIsAOneLineError() {
        assertThatThrownBy(() -> transports(Map.of()).forSettings(new TaskSettings()
                .workers(List.of(WorkerAddress.of("w1")))))
                .isInstanceOf(CloudTaskException.class)
                .hasMessage("no SSH key to log in with: give --ssh-identity FILE, put a key in ~/.ssh/id_ed25519 (or "
                        + "id_ecdsa, id_rsa) or start an ssh-agent");
    }
}
