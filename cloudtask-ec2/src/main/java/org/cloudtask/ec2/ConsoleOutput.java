package org.cloudtask.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes the base64 console output that GetConsoleOutput returns. */
final class ConsoleOutput {

    private ConsoleOutput() { }

    static String decode(String base64) {
        if (base64 == null || base64.isBlank()) return "";
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
