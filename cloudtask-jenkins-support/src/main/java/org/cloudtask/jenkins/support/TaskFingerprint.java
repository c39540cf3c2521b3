package org.cloudtask.jenkins.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a task across builds: the same command and the same inputs give the same fingerprint, so a new build
 * can find the session an earlier build left unfinished. The inputs enter as a digest computed where they are (a
 * workspace file is digested on the agent, never copied for this).
 */
public final class TaskFingerprint {

    private TaskFingerprint() {
    }

    public static String of(String command, String inputsDigest) {
        return sha256(command + '\0' + inputsDigest);
    }

    /** The digest of inputs given as text in the step itself. */
    public static String ofText(String inputsText) {
        return sha256(inputsText);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
