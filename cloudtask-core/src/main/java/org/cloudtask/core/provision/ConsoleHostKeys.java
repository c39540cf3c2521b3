package org.cloudtask.core.provision;

import java.util.List;
import java.util.Optional;

/**
 * Reads the host keys that cloud-init prints to a new machine's console between {@code -----BEGIN SSH HOST KEY
 * KEYS-----} and {@code -----END SSH HOST KEY KEYS-----}, so the first connection can check the worker's key instead
 * of trusting whatever answers. Shared by the EC2 provisioner and the Jenkins plugin's EC2-cloud provisioner.
 */
public final class ConsoleHostKeys {

    public static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    public static final String END = "-----END SSH HOST KEY KEYS-----";

    // strongest first
    private static final List<String> PREFERENCE = List.of("ssh-ed25519", "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp256", "ssh-rsa");

    private ConsoleHostKeys() { }

    /** The strongest host key in the block as {@code "<type> <base64>"}, or empty if the block is not (yet) there. */
    public static Optional<String> strongest(String console) {
        if (console == null) return Optional.empty();
        int begin = console.lastIndexOf(BEGIN);
        if (begin < 0) return Optional.empty();
        int end = console.indexOf(END, begin);
        if (end < 0) return Optional.empty(); // still being written
        String block = console.substring(begin + BEGIN.length(), end);
        for (String type : PREFERENCE) {
            for (String line : block.split("\\R")) {
                // why: some images prefix console lines (a timestamp, "ec2: "), so look for the type anywhere
                String[] words = line.trim().split("\\s+");
                for (int i = 0; i + 1 < words.length; i++) {
                    if (words[i].equals(type)) return Optional.of(type + " " + words[i + 1]);
                }
            }
        }
        return Optional.empty();
    }
}
