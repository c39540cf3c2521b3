package org.cloudtask.core.session;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One journal record per line: eight lower-case hex digits of the CRC-32 of the text, a space, the text (fields
 * separated by single spaces), a line feed. See docs/session-format.md.
 */
final class JournalCodec {

    private JournalCodec() {
    }

    static byte[] encode(String text) {
        if (text.indexOf('\n') >= 0) throw new IllegalArgumentException("journal record with a line break: " + text);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[9 + body.length + 1];
        long crc = crc(body, 0, body.length);
        for (int i = 7; i >= 0; i--) {
            line[i] = (byte) Character.forDigit((int) (crc & 0xf), 16);
            crc >>>= 4;
        }
        line[8] = ' ';
        System.arraycopy(body, 0, line, 9, body.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /** The record's text, or null when the line is not a whole, intact record. */
    static String decode(byte[] bytes, int start, int end) {
        if (end - start < 9 || bytes[start + 8] != ' ') return null;
        long expected = 0;
        for (int i = start; i < start + 8; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) return null;
            expected = (expected << 4) | digit;
        }
        if (crc(bytes, start + 9, end - start - 9) != expected) return null;
        return new String(bytes, start + 9, end - start - 9, StandardCharsets.UTF_8);
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
