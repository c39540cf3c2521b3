package org.cloudtask.jenkins.support;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.ssh.HostKeyPolicy;
import org.cloudtask.ssh.SshKey;
import org.cloudtask.ssh.SshSettings;
import org.cloudtask.ssh.SshTransport;

/**
 * The SSH transport as a Jenkins build uses it. Unlike the command line it trusts only what the job was given: the
 * credential's keys (in memory, never written anywhere), the job's own known-hosts file, and never the controller's
 * ssh-agent or the controller user's {@code ~/.ssh} — those belong to the Jenkins service, not to whoever configures
 * a job.
 */
public final class SshTransportFactory implements TransportFactory {

    @Override
    public Transport create(KeyMaterial key, String hostKeyPolicy, Path knownHosts, Consumer<String> warnings)
            throws IOException {
        SshSettings.Builder settings = SshSettings.builder()
                .user(key.user())
                .agentSocket(null)
                .knownHosts(List.of(knownHosts))
                .hostKeyPolicy(HostKeyPolicy.parse(hostKeyPolicy))
                .warnings(warnings);
        byte[] passphrase = bytes(key.passphrase());
        List<String> keys = key.privateKeys();
        for (int i = 0; i < keys.size(); i++) {
            settings.key(new SshKey("credential key " + (i + 1), keys.get(i).getBytes(StandardCharsets.UTF_8), passphrase));
        }
        return SshTransport.create(settings.build());
    }

    private static byte[] bytes(char[] passphrase) {
        if (passphrase == null) return null;
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
