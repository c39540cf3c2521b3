package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * Decides whether one worker's host key is trusted, for one connection attempt, and remembers why not.
 *
 * <p>A key given with the worker's address (a provisioner read it from the console) is the only key trusted for that
 * worker. Otherwise the known_hosts files decide, then the policy: strict refuses unknown and changed keys,
 * accept-new appends unknown keys to the first file, off trusts everything with a warning.
 */
final class HostKeyVerifier implements HostKeyRepository {

    /** Why a host key was refused; null while nothing was refused. */
    enum Refusal { UNKNOWN, CHANGED, NOT_THE_REPORTED_KEY }

    private static final Object APPEND_LOCK = new Object();

    private final SshSettings settings;
    private final String pinnedKey;
    private final String workerName;
    private volatile Refusal refusal;
    private volatile String presentedKey;

    HostKeyVerifier(SshSettings settings, String pinnedKey, String workerName) {
        this.settings = settings;
        this.pinnedKey = pinnedKey == null ? null : normalize(pinnedKey);
        this.workerName = workerName;
    }

    Refusal refusal() {
        return refusal;
    }

    /** The key the worker presented, as {@code "type base64"}; for messages. */
    String presentedKey() {
        return presentedKey;
    }

    @Override
    public int check(String host, byte[] key) {
        String presented = describe(host, key);
        presentedKey = presented;
        if (pinnedKey != null) {
            return pinnedKey.equals(presented) ? OK : refuse(Refusal.NOT_THE_REPORTED_KEY, CHANGED);
        }
        int known = checkKnownHosts(host, key);
        if (known == OK) {
            return OK;
        }
        switch (settings.hostKeyPolicy()) {
            case OFF:
                settings.warnings().accept("host key of " + workerName + " not checked (--host-key-policy off)");
                return OK;
            case ACCEPT_NEW:
                if (known == NOT_INCLUDED && !settings.knownHostsFiles().isEmpty()) {
                    record(host, presented);
                    return OK;
                }
                return refuse(known == CHANGED ? Refusal.CHANGED : Refusal.UNKNOWN, known);
            default:
                return refuse(known == CHANGED ? Refusal.CHANGED : Refusal.UNKNOWN, known);
        }
    }

    private int refuse(Refusal why, int result) {
        refusal = why;
        return result;
    }

    private int checkKnownHosts(String host, byte[] key) {
        int result = NOT_INCLUDED;
        for (HostKeyRepository file : knownHostsFiles()) {
            int verdict = file.check(host, key);
            if (verdict == OK) {
                return OK;
            }
            if (verdict == CHANGED) {
                result = CHANGED;
            }
        }
        return result;
    }

    /** Reads the files afresh on every connection: another worker's accept-new may have added a line. */
    private List<HostKeyRepository> knownHostsFiles() {
        List<HostKeyRepository> files = new ArrayList<>();
        for (Path path : settings.knownHostsFiles()) {
            if (Files.isRegularFile(path)) {
                JSch reader = new JSch();
                try {
                    reader.setKnownHosts(path.toString());
                } catch (JSchException e) {
                    throw new UncheckedIOException(new IOException("cannot read known hosts file " + path, e));
                }
                files.add(reader.getHostKeyRepository());
            }
        }
        return files;
    }

    private void record(String host, String presented) {
        Path file = settings.knownHostsFiles().get(0);
        synchronized (APPEND_LOCK) {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                String separator = Files.exists(file) && !endsWithNewline(file) ? "\n" : "";
                Files.writeString(file, separator + host + " " + presented + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("cannot record the host key of " + workerName
                        + " in " + file + ": " + e.getMessage(), e));
            }
        }
        settings.warnings().accept("recorded new host key of " + workerName + " in " + file);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }

    private static String describe(String host, byte[] key) {
        try {
            HostKey hostKey = new HostKey(host, key);
            return hostKey.getType() + " " + hostKey.getKey();
        } catch (JSchException e) {
            return "unknown " + Base64.getEncoder().encodeToString(key);
        }
    }

    /** "type base64 [comment]" to "type base64". */
    private static String normalize(String key) {
        String[] fields = key.strip().split("\\s+");
        return fields.length >= 2 ? fields[0] + " " + fields[1] : key.strip();
    }

    // ---- the rest of HostKeyRepository: what JSch asks to order its algorithms and to spot revoked keys ----

    @Override
    public HostKey[] getHostKey(String host, String type) {
        List<HostKey> keys = new ArrayList<>();
        if (pinnedKey != null) {
            try {
                String[] fields = pinnedKey.split(" ");
                HostKey pinned = new HostKey(host, HostKey.GUESS, Base64.getDecoder().decode(fields[1]));
                if (type == null || type.equals(pinned.getType())) {
                    keys.add(pinned);
                }
            } catch (JSchException | RuntimeException malformed) {
                // a malformed pinned key matches nothing; check() then refuses the worker's key
            }
            return keys.toArray(new HostKey[0]);
        }
        for (HostKeyRepository file : knownHostsFiles()) {
            keys.addAll(List.of(file.getHostKey(host, type)));
        }
        return keys.toArray(new HostKey[0]);
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // recording is done by check() under accept-new, never behind our back
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return settings.knownHostsFiles().isEmpty() ? null : settings.knownHostsFiles().get(0).toString();
    }
}
