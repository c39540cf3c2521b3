package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSchException;

/**
 * Decides whether one host's key is trusted, for one connection attempt, and remembers why not.
 *
 * <p>A key given with the worker's address (a provisioner read it from the console) is the only key trusted for that
 * worker. Otherwise the known_hosts files decide, with OpenSSH's rules: a key marked {@code @revoked} is always
 * refused; a listed key is trusted; any other key listed for the host, of any type, makes the presented key a
 * changed key, refused under strict and accept-new alike; a host vouched for only by a {@code @cert-authority} line
 * is refused (host certificates are not checked). Then the policy: strict refuses unknown keys, accept-new records
 * them in the first file, off trusts everything but revoked keys, with a warning.
 */
final class HostKeyVerifier extends ReadOnlyHostKeyRepository {

    /** Why a host key was refused; null while nothing was refused. */
    enum Refusal { UNKNOWN, CHANGED, REVOKED, CERT_AUTHORITY_ONLY, NOT_THE_REPORTED_KEY }

    private final KnownHostsRepository knownHosts;
    private final ResolvedHost host;
    private final String pinnedKey;
    private final String hostName;
    private final Consumer<String> warnings;
    private volatile Refusal refusal;
    private volatile String presentedType = "unknown";
    private volatile String presentedKey = "";
    private volatile byte[] presentedBlob = new byte[0];
    private volatile List<Path> filesWithRefusedEntries = List.of();

    /**
     * @param hostName what to call the host in messages ({@code user@host:port}, or a jump host's name)
     */
    HostKeyVerifier(KnownHostsRepository knownHosts, ResolvedHost host, String pinnedKey, String hostName,
                    Consumer<String> warnings) {
        this.knownHosts = knownHosts;
        this.host = host;
        this.pinnedKey = pinnedKey == null ? null : normalize(pinnedKey);
        this.hostName = hostName;
        this.warnings = warnings;
    }

    Refusal refusal() {
        return refusal;
    }

    /** The key the host presented, as {@code "type base64"}; the second half of a known_hosts line. */
    String presentedKey() {
        return presentedType + " " + presentedKey;
    }

    /** The presented key's type and SHA256 fingerprint, as ssh shows them: {@code ssh-ed25519 SHA256:...}. */
    String presentedFingerprint() {
        return presentedType + " " + fingerprint(presentedBlob);
    }

    /** The files whose entries made the refusal (the stale keys of a changed key, a revoked or CA line). */
    List<Path> filesWithRefusedEntries() {
        return filesWithRefusedEntries;
    }

    /** ssh's SHA256 fingerprint: {@code SHA256:} and the unpadded base64 of the key blob's SHA-256. */
    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public int check(String lookupName, byte[] key) {
        describe(lookupName, key);
        if (pinnedKey != null) {
            return pinnedKey.equals(presentedKey()) ? OK : refuse(Refusal.NOT_THE_REPORTED_KEY, List.of());
        }
        List<KnownHostsFile.Entry> entries = knownHosts.entriesFor(host.knownHostsFiles(), lookupName);
        for (KnownHostsFile.Entry entry : entries) {
            if (entry.marker() == KnownHostsFile.Marker.REVOKED && entry.hasKey(presentedKey)) {
                return refuse(Refusal.REVOKED, List.of(entry.file()));
            }
        }
        Set<Path> stale = new LinkedHashSet<>();
        Set<Path> authorities = new LinkedHashSet<>();
        for (KnownHostsFile.Entry entry : entries) {
            switch (entry.marker()) {
                case REVOKED -> {
                    // another key revoked for this host says nothing about this one
                }
                case CERT_AUTHORITY -> authorities.add(entry.file());
                case NONE -> {
                    if (entry.hasKey(presentedKey)) {
                        return OK;
                    }
                    stale.add(entry.file());
                }
            }
        }
        if (host.hostKeyPolicy() == HostKeyPolicy.OFF) {
            warnings.accept("host key of " + hostName + " not checked (--host-key-policy off)");
            return OK;
        }
        if (!stale.isEmpty()) {
            return refuse(Refusal.CHANGED, new ArrayList<>(stale));
        }
        if (!authorities.isEmpty()) {
            return refuse(Refusal.CERT_AUTHORITY_ONLY, new ArrayList<>(authorities));
        }
        if (host.hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW && !host.knownHostsFiles().isEmpty()) {
            record(lookupName);
            return OK;
        }
        return refuse(Refusal.UNKNOWN, List.of());
    }

    private int refuse(Refusal why, List<Path> files) {
        filesWithRefusedEntries = List.copyOf(files);
        refusal = why;
        return why == Refusal.UNKNOWN ? NOT_INCLUDED : CHANGED;
    }

    private void record(String lookupName) {
        Path file = host.knownHostsFiles().get(0);
        try {
            knownHosts.record(file, lookupName, presentedType, presentedKey, host.hashKnownHosts());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot record the host key of " + hostName + " in "
                    + file + ": " + e.getMessage(), e));
        }
        warnings.accept("recorded new host key of " + hostName + " (" + presentedFingerprint() + ") in " + file);
    }

    private void describe(String lookupName, byte[] key) {
        presentedBlob = key.clone();
        presentedKey = Base64.getEncoder().encodeToString(key);
        try {
            presentedType = new HostKey(lookupName, key).getType();
        } catch (JSchException e) {
            presentedType = "unknown";
        }
    }

    /** "type base64 [comment]" to "type base64". */
    private static String normalize(String key) {
        String[] fields = key.strip().split("\\s+");
        return fields.length >= 2 ? fields[0] + " " + fields[1] : key.strip();
    }

    // ---- the rest of HostKeyRepository: what JSch asks to order its host key algorithms ----

    @Override
    public HostKey[] getHostKey(String lookupName, String type) {
        if (pinnedKey != null) {
            try {
                String[] fields = pinnedKey.split(" ");
                HostKey pinned = new HostKey(lookupName, HostKey.GUESS, Base64.getDecoder().decode(fields[1]));
                return type == null || type.equals(pinned.getType()) ? new HostKey[] {pinned} : new HostKey[0];
            } catch (JSchException | RuntimeException malformed) {
                // a malformed pinned key matches nothing; check() then refuses the worker's key
                return new HostKey[0];
            }
        }
        return knownHosts.plainKeys(host.knownHostsFiles(), lookupName, type);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return host.knownHostsFiles().isEmpty() ? null : host.knownHostsFiles().get(0).toString();
    }
}
