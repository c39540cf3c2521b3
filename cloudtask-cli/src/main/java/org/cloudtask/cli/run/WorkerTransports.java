package org.cloudtask.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.cloudtask.cli.console.Console;
import org.cloudtask.cli.options.ConnectOptions;
import org.cloudtask.cli.options.WorkerOptions;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.local.LocalTransport;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.ssh.HostKeyPolicy;
import org.cloudtask.ssh.SshSettings;
import org.cloudtask.ssh.SshTransport;

/**
 * Chooses how jobs reach their workers: listed workers ({@code --workers}) mean SSH; without them workers are local
 * processes.
 */
public final class WorkerTransports {

    private final Map<String, String> variables;
    private final Path home;
    private final Console console;

    /** @param variables the environment (CLOUDTASK_SSH_PASSPHRASE, SSH_AUTH_SOCK) */
    public WorkerTransports(Map<String, String> variables, Path home, Console console) {
        this.variables = variables;
        this.home = home;
        this.console = console;
    }

    Transport forSettings(TaskSettings settings) {
        // why: launched workers are reached over SSH even when none is listed
        if (settings.workers().isEmpty() && !Provisioners.anyCloud(settings.frontEnd())) {
            return new LocalTransport();
        }
        try {
            return SshTransport.create(sshSettings(settings.frontEnd()));
        } catch (IOException e) {
            throw new CloudTaskException(e.getMessage(), e);
        }
    }

    private SshSettings sshSettings(Map<String, String> saved) {
        SshSettings.Builder ssh = SshSettings.builder()
                .home(home)
                .defaultIdentities(true)
                .sshConfig(sshConfig(saved))
                .knownHosts(java.util.List.of(home.resolve(".ssh").resolve("known_hosts")))
                .passphrases(new Passphrases(variables)::passphraseFor)
                .warnings(message -> console.message("warning: " + message));
        if (saved.containsKey(WorkerOptions.USER)) {
            ssh.user(saved.get(WorkerOptions.USER));
        }
        lines(saved.get(WorkerOptions.IDENTITIES)).forEach(path -> ssh.identityFile(Path.of(path)));
        lines(saved.get(WorkerOptions.KNOWN_HOSTS)).forEach(path -> ssh.addKnownHosts(Path.of(path)));
        String agent = variables.get("SSH_AUTH_SOCK");
        ssh.agentSocket(agent == null || agent.isBlank() ? null : Path.of(agent));
        if (saved.containsKey(WorkerOptions.HOST_KEY_POLICY)) {
            ssh.hostKeyPolicy(HostKeyPolicy.parse(saved.get(WorkerOptions.HOST_KEY_POLICY)));
        }
        if (saved.containsKey(WorkerOptions.CONNECT_TIMEOUT)) {
            ssh.connectTimeout(Duration.ofMillis(Long.parseLong(saved.get(WorkerOptions.CONNECT_TIMEOUT))));
        }
        ssh.gentleConnecting(Double.parseDouble(saved.getOrDefault(ConnectOptions.CONNECT_RATE, "Infinity")),
                Integer.parseInt(saved.getOrDefault(ConnectOptions.MAX_STARTUPS, "8")));
        return ssh.build();
    }

    /** -F FILE as given, else ~/.ssh/config when there is one, as ssh reads it. */
    private Path sshConfig(Map<String, String> saved) {
        if (saved.containsKey(WorkerOptions.SSH_CONFIG)) {
            return Path.of(saved.get(WorkerOptions.SSH_CONFIG));
        }
        Path userConfig = home.resolve(".ssh").resolve("config");
        return Files.isRegularFile(userConfig) ? userConfig : null;
    }

    private static java.util.List<String> lines(String text) {
        return text == null || text.isBlank() ? java.util.List.of() : Arrays.asList(text.split("\n"));
    }
}
