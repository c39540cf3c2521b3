package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
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

    /** ssh's default keys, tried in this order when no key and no agent is given. */
    static final List<String> DEFAULT_KEY_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final IdentityRepository keys;
    private final IdentityRepository agent;
    private final List<String> keySources;
    private final boolean onlyDefaultKeys;
    private final SshSettings settings;
    // why a cache: an ssh config's IdentityFile is read and decrypted once per run, not once per worker
    private final Map<Path, List<Identity>> configKeys = new ConcurrentHashMap<>();
    // why: a key that could not be used is reported for every host that names it, but asked about only once
    private final Map<Path, IOException> unusableConfigKeys = new ConcurrentHashMap<>();

    private Identities(IdentityRepository keys, IdentityRepository agent, List<String> keySources,
                       boolean onlyDefaultKeys, SshSettings settings) {
        this.keys = keys;
        this.agent = agent;
        this.keySources = List.copyOf(keySources);
        this.onlyDefaultKeys = onlyDefaultKeys;
        this.settings = settings;
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
        }
        boolean onlyDefaultKeys = sources.isEmpty() && agent == null && settings.defaultIdentities();
        if (onlyDefaultKeys) {
            addDefaultKeys(loader, settings, sources);
        }
        return new Identities(loader.getIdentityRepository(), agent, sources, onlyDefaultKeys, settings);
    }

    /** As ssh: ~/.ssh/id_ed25519, id_ecdsa, id_rsa, those that exist; one that cannot be used is skipped, said. */
    private static void addDefaultKeys(JSch loader, SshSettings settings, List<String> sources) {
        for (String name : DEFAULT_KEY_FILES) {
            Path file = settings.home().resolve(".ssh").resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    addFile(loader, file, settings.passphrases());
                    sources.add(file.toString());
                } catch (IOException unusable) {
                    settings.warnings().accept("skipping default SSH key: " + unusable.getMessage());
                }
            }
        }
    }

    /** What was tried, for error messages: key file paths, key names, "ssh-agent". Never key material. */
    String description() {
        return describe(keySources, agent != null);
    }

    private static String describe(List<String> sources, boolean withAgent) {
        List<String> all = new ArrayList<>(sources);
        if (withAgent) {
            all.add("ssh-agent");
        }
        return all.isEmpty() ? "no keys" : String.join(", ", all);
    }

    /** The keys offered to one host and what to call them in messages. */
    record HostKeys(IdentityRepository repository, String description) {
    }

    /**
     * The keys offered to one host: those given to cloudtask, then the host's IdentityFile keys from the ssh config
     * (each read and decrypted once per run), then the agent's unless the config says IdentitiesOnly yes.
     *
     * @throws IOException with a one-line message when an IdentityFile cannot be read or decrypted
     */
    HostKeys forHost(ResolvedHost host) throws IOException {
        if (host.identityFiles().isEmpty() && !host.identitiesOnly()) {
            return new HostKeys(this, description());
        }
        // why: as ssh, a host's IdentityFile replaces the default keys
        boolean withDefaults = !(onlyDefaultKeys && !host.identityFiles().isEmpty());
        List<Identity> offered = new ArrayList<>(withDefaults ? keys.getIdentities() : List.of());
        List<String> sources = new ArrayList<>(withDefaults ? keySources : List.of());
        for (Path file : host.identityFiles()) {
            offered.addAll(configKey(file));
            sources.add(file.toString());
        }
        JSch hostKeys = new JSch();
        for (Identity identity : offered) {
            try {
                hostKeys.addIdentity(identity, null);
            } catch (JSchException e) {
                throw keyProblem(identity.getName(), e);
            }
        }
        IdentityRepository withAgent = host.identitiesOnly() ? null : agent;
        return new HostKeys(new Identities(hostKeys.getIdentityRepository(), withAgent, sources, false, settings),
                describe(sources, withAgent != null));
    }

    private List<Identity> configKey(Path file) throws IOException {
        List<Identity> loaded = configKeys.get(file);
        if (loaded != null) {
            return loaded;
        }
        // why synchronized: a passphrase is asked for once, not by every worker that connects at the same time
        synchronized (configKeys) {
            loaded = configKeys.get(file);
            IOException unusable = unusableConfigKeys.get(file);
            if (unusable != null) {
                throw new IOException(unusable.getMessage(), unusable);
            }
            if (loaded == null) {
                if (Files.exists(file)) {
                    JSch loader = new JSch();
                    try {
                        addFile(loader, file, settings.passphrases());
                    } catch (IOException e) {
                        unusableConfigKeys.put(file, e);
                        throw e;
                    }
                    loaded = List.copyOf(loader.getIdentityRepository().getIdentities());
                } else {
                    // as ssh: an IdentityFile that does not exist is skipped (a shared config names keys of many hosts)
                    settings.warnings().accept("ssh config IdentityFile " + file + " does not exist; skipped");
                    loaded = List.of();
                }
                configKeys.put(file, loaded);
            }
            return loaded;
        }
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
    public Vector<Identity> getIdentities() {
        Vector<Identity> all = new Vector<>(keys.getIdentities());
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
