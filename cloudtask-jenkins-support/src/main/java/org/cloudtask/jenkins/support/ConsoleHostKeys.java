package org.cloudtask.jenkins.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the host keys an EC2 instance printed to its console at first boot (cloud-init's
 * {@code -----BEGIN SSH HOST KEY KEYS-----} block), the same source the EC2 plugin's "check new hard" verification
 * trusts. A launched worker's key from here is pinned; without one, the step's host-key policy decides.
 */
public final class ConsoleHostKeys {

    private static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    private static final String END = "-----END SSH HOST KEY KEYS-----";

    private ConsoleHostKeys() {
    }

    /** Every key in the block, as {@code "<type> <base64>"}; empty when the console has none yet. */
    public static List<String> parse(String consoleOutput) {
        List<String> keys = new ArrayList<>();
        if (consoleOutput == null) return keys;
        int begin = consoleOutput.indexOf(BEGIN);
        int end = begin < 0 ? -1 : consoleOutput.indexOf(END, begin);
        if (end < 0) return keys;
        for (String line : consoleOutput.substring(begin + BEGIN.length(), end).split("\\R")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && (words[0].startsWith("ssh-") || words[0].startsWith("ecdsa-"))) {
                keys.add(words[0] + " " + words[1]);
            }
        }
        return keys;
    }

    /** The key to pin: the strongest type the instance offered, or null. */
    public static String preferred(List<String> keys) {
        for (String type : List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa")) {
            for (String key : keys) {
                if (key.startsWith(type + " ")) return key;
            }
        }
        return keys.isEmpty() ? null : keys.get(0);
    }
}
