package org.cloudtask.ssh;

import java.util.Arrays;
import java.util.Objects;

/**
 * A private key held in memory only (for example a Jenkins credential), never written to disk.
 *
 * @param name       what to call the key in messages (never its content)
 * @param privateKey the key file's bytes (OpenSSH or PEM format)
 * @param passphrase the passphrase's bytes, or null when the key is not encrypted
 */
public record SshKey(String name, byte[] privateKey, byte[] passphrase) {

    public SshKey {
        Objects.requireNonNull(name, "name");
        privateKey = privateKey.clone();
        passphrase = passphrase == null ? null : passphrase.clone();
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    /** Never shows key material. */
    @Override
    public String toString() {
        return "SshKey[" + name + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SshKey key && key.name.equals(name) && Arrays.equals(key.privateKey, privateKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
