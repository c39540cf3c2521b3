package org.cloudtask.ssh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Generates client keys with ssh-keygen for tests of key formats and passphrases. */
public final class TestKeys {

    private TestKeys() {
    }

    /**
     * Generates a key pair.
     *
     * @param type       "ed25519", "ecdsa" or "rsa"
     * @param passphrase "" for none
     * @param pem        true for the PEM format (rsa, ecdsa), false for the OpenSSH format
     * @return the private key path; the public key is beside it with ".pub"
     */
    public static Path generate(Path privateKey, String type, String passphrase, boolean pem) throws IOException {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase,
                "-C", "cloudtask-test-" + type, "-f", privateKey.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        if (pem) {
            command.addAll(List.of("-m", "PEM"));
        }
        LocalProcesses.run(command);
        return privateKey;
    }

    /** The public key line ("type base64 comment") of a generated key. */
    public static String publicKeyLine(Path privateKey) throws IOException {
        return Files.readString(Path.of(privateKey + ".pub")).strip();
    }
}
