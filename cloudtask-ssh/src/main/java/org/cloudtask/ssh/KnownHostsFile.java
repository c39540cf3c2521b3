package org.cloudtask.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The entries of one known_hosts file, read once and indexed by host name, as OpenSSH's sshd(8) "SSH_KNOWN_HOSTS
 * FILE FORMAT" describes them: an optional marker ({@code @revoked}, {@code @cert-authority}), host patterns
 * ({@code name}, {@code [name]:port}, wildcards {@code *} and {@code ?}, negations {@code !pattern}) or one hashed
 * name ({@code |1|salt|hash}), the key type and the base64 key. Lines that are not such entries are skipped, as ssh
 * skips them.
 *
 * <p>Plain names are found through a map; only hashed entries and wildcard patterns are tried one by one (a hashed
 * entry costs one HMAC-SHA1 per lookup).
 */
final class KnownHostsFile {

    /** What a line says about its key. */
    enum Marker { NONE, REVOKED, CERT_AUTHORITY }

    /** One entry: its file and line, for messages. */
    record Entry(Path file, int line, Marker marker, String hosts, String keyType, String key) {

        boolean hasKey(String presentedBase64) {
            return key.equals(presentedBase64);
        }

        boolean matches(String host) {
            return hosts.startsWith(HASH_PREFIX) ? matchesHashed(hosts, host) : matchesPatterns(hosts, host);
        }
    }

    static final String HASH_PREFIX = "|1|";

    private final Path path;
    private final Map<String, List<Entry>> byName = new HashMap<>();
    private final List<Entry> scanned = new ArrayList<>();
    private int lines;

    private KnownHostsFile(Path path) {
        this.path = path;
    }

    /** Reads the file; a missing file is an empty one (new keys may still be recorded into it). */
    static KnownHostsFile read(Path path) throws IOException {
        KnownHostsFile file = new KnownHostsFile(path);
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                file.lines++;
                Entry entry = parse(path, file.lines, line);
                if (entry != null) {
                    file.add(entry);
                }
            }
        } catch (NoSuchFileException absent) {
            // as ssh: a file that does not exist holds no keys
        }
        return file;
    }

    Path path() {
        return path;
    }

    /** Every entry whose host patterns match {@code host} (a name, {@code [name]:port} or a HostKeyAlias). */
    synchronized List<Entry> entriesFor(String host) {
        List<Entry> found = new ArrayList<>(byName.getOrDefault(host.toLowerCase(Locale.ROOT), List.of()));
        for (Entry entry : scanned) {
            if (entry.matches(host)) {
                found.add(entry);
            }
        }
        return found;
    }

    /** Adds an entry just appended to the file, so later lookups in this run see it. */
    synchronized void add(Entry entry) {
        if (entry.hosts.startsWith(HASH_PREFIX) || entry.hosts.matches(".*[*?!].*")) {
            scanned.add(entry);
            return;
        }
        for (String name : entry.hosts.split(",")) {
            byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(entry);
        }
    }

    synchronized int nextLine() {
        return ++lines;
    }

    private static Entry parse(Path path, int number, String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        String[] fields = text.split("\\s+");
        int at = 0;
        Marker marker = Marker.NONE;
        if (fields[0].startsWith("@")) {
            marker = switch (fields[0]) {
                case "@revoked" -> Marker.REVOKED;
                case "@cert-authority" -> Marker.CERT_AUTHORITY;
                default -> null;
            };
            at = 1;
        }
        if (marker == null || fields.length < at + 3) {
            return null;
        }
        return new Entry(path, number, marker, fields[at], fields[at + 1], fields[at + 2]);
    }

    /** Comma-separated patterns: a match of any positive one and of no negated one. */
    static boolean matchesPatterns(String patterns, String host) {
        String name = host.toLowerCase(Locale.ROOT);
        boolean matched = false;
        for (String pattern : patterns.toLowerCase(Locale.ROOT).split(",")) {
            boolean negated = pattern.startsWith("!");
            if (glob(negated ? pattern.substring(1) : pattern, name)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean glob(String pattern, String text) {
        return globAt(pattern, 0, text, 0);
    }

    private static boolean globAt(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int rest = t; rest <= text.length(); rest++) {
                    if (globAt(pattern, p + 1, text, rest)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, host))}, as ssh-keygen -H writes it. */
    static boolean matchesHashed(String hashed, String host) {
        String[] parts = hashed.substring(HASH_PREFIX.length()).split("\\|");
        if (parts.length != 2) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[0]);
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            return MessageDigest.isEqual(expected, hmac(salt, host));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** The hashed form of {@code host} with this salt. */
    static String hashed(byte[] salt, String host) {
        Base64.Encoder base64 = Base64.getEncoder();
        return HASH_PREFIX + base64.encodeToString(salt) + "|" + base64.encodeToString(hmac(salt, host));
    }

    private static byte[] hmac(byte[] salt, String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }
}
