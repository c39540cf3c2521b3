package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Vector;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.SSHAgentConnector;

/**
 * Loads the keys cloudtask may log in with: key files and in-memory keys first (decrypted once, up front, so a wrong
 * passphrase is reported at start and not per worker), then whatever the ssh-agent holds.
 *
 * <p>Why our own repository: when JSch's identity repository is the agent's, JSch adds every plain key file to the
 * user's agent. Keys must go nowhere, so the agent is only read from here.
 */
final class Identities implements IdentityRepository {

    private final IdentityRepository keys;
    private final IdentityRepository agent;
    private final String description;

    private Identities(IdentityRepository keys, IdentityRepository agent, String description) {
        this.keys = keys;
        this.agent = agent;
        this.description = description;
    }

    static Identities load(SshSettings settings) throws IOException {
        JSch loader = new JSch();
        List<String> sources = new ArrayList<>();
        for (Path file : settings.identityFiles()) {
            addFile(loader, file, settings.passphrases());
            sources.add(file.toString());
        }
        for (SshKey key : settings.keys()) {
            addInMemory(loader, key);
            sources.add(key.name());
        }
        IdentityRepository agent = null;
        if (settings.agentSocket().isPresent()) {
            agent = agentAt(settings.agentSocket().get());
            sources.add("ssh-agent");
        }
        String description = sources.isEmpty() ? "no keys" : String.join(", ", sources);
        return new Identities(loader.getIdentityRepository(), agent, description);
    }

    /** What was tried, for error messages: key file paths, key names, "ssh-agent". Never key material. */
    String description() {
        return description;
    }

    boolean isEmpty() {
        return getIdentities().isEmpty();
    }

    private static void addFile(JSch loader, Path file, SshSettings.PassphraseSource passphrases) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read SSH key " + file + ": no such readable file (check --ssh-identity)");
        }
        byte[] passphrase = null;
        try {
            if (KeyPair.load(loader, file.toString()).isEncrypted()) {
                passphrase = passphraseFor(file.toString(), passphrases);
            }
            loader.addIdentity(file.toString(), passphrase);
        } catch (JSchException e) {
            throw keyProblem(file.toString(), e);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private static void addInMemory(JSch loader, SshKey key) throws IOException {
        byte[] privateKey = key.privateKey();
        byte[] passphrase = key.passphrase();
        try {
            loader.addIdentity(key.name(), privateKey, null, passphrase);
        } catch (JSchException e) {
            throw keyProblem(key.name(), e);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private static byte[] passphraseFor(String keyName, SshSettings.PassphraseSource passphrases) throws IOException {
        char[] chars = passphrases.passphraseFor(keyName);
        if (chars == null) {
            throw new IOException("SSH key " + keyName
                    + " is encrypted and no passphrase was given (set CLOUDTASK_SSH_PASSPHRASE or run on a terminal)");
        }
        byte[] bytes = new String(chars).getBytes(StandardCharsets.UTF_8);
        Arrays.fill(chars, '\0');
        return bytes;
    }

    private static IOException keyProblem(String keyName, JSchException e) {
        String message = String.valueOf(e.getMessage());
        // why: JSch wraps file errors as "java.io.FileNotFoundException: FILE (Is a directory)"; say only the reason
        Throwable cause = e.getCause();
        if (cause instanceof IOException && cause.getMessage() != null) {
            String reason = cause.getMessage();
            int paren = reason.lastIndexOf(" (");
            return new IOException("cannot read SSH key " + keyName + ": "
                    + (paren >= 0 && reason.endsWith(")") ? reason.substring(paren + 2, reason.length() - 1) : reason)
                    + " (check --ssh-identity)");
        }
        message = message.replaceFirst("^[a-zA-Z.]+(Exception|Error): ", "").replace("invalid privatekey", "not a private key");
        if (message.contains("passphrase")) {
            return new IOException("wrong passphrase for SSH key " + keyName);
        }
        return new IOException("cannot use SSH key " + keyName + ": " + message
                + " (expected an OpenSSH or PEM private key: ed25519, ecdsa or rsa)");
    }

    private static IdentityRepository agentAt(Path socket) throws IOException {
        try {
            return new AgentIdentityRepository(new SSHAgentConnector(socket));
        } catch (AgentProxyException | RuntimeException e) {
            throw new IOException("cannot use the ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    // ---- IdentityRepository: read-only view of key files, in-memory keys, then the agent ----

    @Override
    public String getName() {
        return "cloudtask";
    }

    @Override
    public int getStatus() {
        return RUNNING;
    }

    @Override
    public Vector<com.jcraft.jsch.Identity> getIdentities() {
        Vector<com.jcraft.jsch.Identity> all = new Vector<>(keys.getIdentities());
        if (agent != null) {
            try {
                all.addAll(agent.getIdentities());
            } catch (RuntimeException agentGone) {
                // why: an agent that went away must not break logins with key files
            }
        }
        return all;
    }

    @Override
    public boolean add(byte[] identity) {
        return false;
    }

    @Override
    public boolean remove(byte[] blob) {
        return false;
    }

    @Override
    public void removeAll() {
        // read-only: never touches the agent
    }
}
