package org.cloudtask.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSchException;

/**
 * The host keys of every known_hosts file of one run, each file read once (the first time a connection needs it)
 * and indexed by host, so a connection costs the same whatever the files' size. New keys are recorded into the
 * index and appended to their file; a new file is created 0600 in a directory created 0700, as ssh does.
 *
 * <p>Set on the JSch instance, it answers for the default files; each connection asks it through its own
 * {@link HostKeyVerifier}, which knows the worker's files (an ssh config's UserKnownHostsFile) and policy.
 */
final class KnownHostsRepository extends ReadOnlyHostKeyRepository {

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final List<Path> defaultFiles;
    private final Map<Path, KnownHostsFile> files = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    KnownHostsRepository(List<Path> defaultFiles) {
        this.defaultFiles = List.copyOf(defaultFiles);
    }

    /** The entries for {@code host} in these files, in file order. */
    List<KnownHostsFile.Entry> entriesFor(List<Path> paths, String host) {
        String name = host.toLowerCase(Locale.ROOT);
        List<KnownHostsFile.Entry> found = new ArrayList<>();
        for (Path path : paths) {
            found.addAll(file(path).entriesFor(name));
        }
        return found;
    }

    /**
     * Appends {@code host type key} to the file (hashed as {@code |1|salt|hash} when asked) and adds it to the index.
     *
     * @throws IOException when the file or its directory cannot be created or written
     */
    void record(Path path, String host, String keyType, String key, boolean hashed) throws IOException {
        String name = host.toLowerCase(Locale.ROOT);
        String hosts = name;
        if (hashed) {
            byte[] salt = new byte[20];
            random.nextBytes(salt);
            hosts = KnownHostsFile.hashed(salt, name);
        }
        KnownHostsFile file = file(path);
        // why synchronized on the file: connections recording keys in parallel must not interleave their lines
        synchronized (file) {
            createPrivately(path);
            String separator = endsWithNewline(path) ? "" : "\n";
            Files.writeString(path, separator + hosts + " " + keyType + " " + key + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            file.add(new KnownHostsFile.Entry(path, file.nextLine(), KnownHostsFile.Marker.NONE, hosts, keyType,
                    key));
        }
    }

    private KnownHostsFile file(Path path) {
        return files.computeIfAbsent(path.toAbsolutePath().normalize(), absolute -> {
            try {
                return KnownHostsFile.read(absolute);
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("cannot read known hosts file " + absolute + ": "
                        + e.getMessage(), e));
            }
        });
    }

    private static void createPrivately(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, PRIVATE_DIRECTORY);
        }
        try {
            Files.createFile(path, PRIVATE_FILE);
        } catch (FileAlreadyExistsException existing) {
            // keep the mode the user gave it
        }
    }

    private static boolean endsWithNewline(Path path) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            if (channel.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /** Plain keys (neither revoked nor certificate authorities) known for {@code host}; of {@code type} unless null. */
    HostKey[] plainKeys(List<Path> paths, String host, String type) {
        List<HostKey> keys = new ArrayList<>();
        for (KnownHostsFile.Entry entry : entriesFor(paths, host)) {
            if (entry.marker() == KnownHostsFile.Marker.NONE && (type == null || type.equals(entry.keyType()))) {
                try {
                    keys.add(new HostKey(host, HostKey.GUESS, Base64.getDecoder().decode(entry.key())));
                } catch (JSchException | IllegalArgumentException unusable) {
                    // a key JSch cannot read cannot be the one presented either
                }
            }
        }
        return keys.toArray(new HostKey[0]);
    }

    // ---- HostKeyRepository, for the default files: what JSch asks when a session has no verifier of its own ----

    @Override
    public int check(String host, byte[] key) {
        String presented = Base64.getEncoder().encodeToString(key);
        boolean known = false;
        for (KnownHostsFile.Entry entry : entriesFor(defaultFiles, host)) {
            if (entry.marker() == KnownHostsFile.Marker.REVOKED && entry.hasKey(presented)) {
                return CHANGED;
            }
            if (entry.marker() == KnownHostsFile.Marker.NONE) {
                if (entry.hasKey(presented)) {
                    return OK;
                }
                known = true;
            }
        }
        return known ? CHANGED : NOT_INCLUDED;
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return plainKeys(defaultFiles, host, type);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return defaultFiles.isEmpty() ? null : defaultFiles.get(0).toString();
    }
}
