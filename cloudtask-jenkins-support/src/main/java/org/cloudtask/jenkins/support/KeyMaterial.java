package org.cloudtask.jenkins.support;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An SSH identity taken from a Jenkins credential, held in memory only: it is handed to the SSH transport as it is,
 * never written to a file and never printed ({@link #toString()} shows no secret).
 *
 * @param user        the login name: the step's {@code user} if set, else the credential's user name
 * @param privateKeys the private keys, in OpenSSH or PEM text
 * @param passphrase  the keys' passphrase, or null
 */
public record KeyMaterial(String user, List<String> privateKeys, char[] passphrase) {

    public KeyMaterial {
        privateKeys = List.copyOf(privateKeys);
        passphrase = passphrase == null ? null : passphrase.clone();
    }

    @Override
    public char[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyMaterial k && Objects.equals(user, k.user)
                && privateKeys.equals(k.privateKeys) && Arrays.equals(passphrase, k.passphrase);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, privateKeys);
    }

    @Override
    public String toString() {
        return "KeyMaterial[user=" + user + ", " + privateKeys.size() + " key(s), passphrase "
                + (passphrase == null ? "none" : "set") + "]";
    }
}
