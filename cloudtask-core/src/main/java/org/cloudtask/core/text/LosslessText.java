package org.cloudtask.core.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Any bytes as a Java string and back, without loss, like Python's {@code surrogateescape}: valid UTF-8 decodes as
 * usual, and each byte that is not part of valid UTF-8 becomes the lone surrogate {@code U+DC00 + byte}
 * ({@code U+DC80..U+DCFF}); {@link #encode} turns those back into the same bytes. Valid UTF-8 never decodes to a lone
 * surrogate (Java's decoder refuses encoded surrogates), so {@code encode(decode(b))} is {@code b} for every {@code b}.
 *
 * <p>Input words travel through the engine as such strings; the edges that write bytes (the session's files, a local
 * job's script pipe, the SSH runner's frames) use {@link #encode}, and what is printed uses {@link #printable}.
 */
public final class LosslessText {

    private static final char FIRST_ESCAPE = '\uDC80';
    private static final char LAST_ESCAPE = '\uDCFF';

    private LosslessText() {
    }

    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** The bytes as a string: UTF-8 where they are UTF-8, every other byte as its escape character. */
    public static String decode(byte[] bytes, int offset, int length) {
        // why: the common case (ASCII, valid UTF-8) takes the JDK's fast path; only bad input pays for the loop below
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) break;
            for (int i = 0; i < result.length(); i++) out.put((char) (FIRST_ESCAPE - 0x80 + (in.get() & 0xff)));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** The bytes {@link #decode} made this string from: escape characters back to their bytes, the rest UTF-8. */
    public static byte[] encode(String text) {
        if (!hasEscapes(text)) return text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length() * 3];
        int n = 0;
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && !isEscape(text, end)) end++;
            byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(utf8, 0, out, n, utf8.length);
            n += utf8.length;
            if (end < text.length()) out[n++] = (byte) (text.charAt(end) - FIRST_ESCAPE + 0x80);
            i = end + 1;
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether the string holds bytes that are not UTF-8 (escape characters). */
    public static boolean hasEscapes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isEscape(text, i)) return true;
        }
        return false;
    }

    /**
     * The string as one printable line, safe on a terminal: each non-UTF-8 byte as {@code \xff}; a line feed,
     * carriage return and tab as {@code \n}, {@code \r}, {@code \t}; ESC as {@code \e}; every other C0 control
     * character and DEL as {@code \x07} and the like; a C1 control character (U+0080 to U+009F, which some terminals
     * obey as well) as a backslash, {@code u} and four hex digits. Backslashes stay as they are, so escaping twice
     * changes nothing more. Text without any of them is returned as it is.
     */
    public static String printable(String text) {
        return escaped(text, false);
    }

    /**
     * Like {@link #printable} for text of several lines (a report, a message): line feeds and tabs stay as they are,
     * everything else {@code printable} escapes is escaped the same way.
     */
    public static String printableLines(String text) {
        return escaped(text, true);
    }

    private static String escaped(String text, boolean keepLines) {
        if (text == null) return null;
        int i = 0;
        while (i < text.length() && !needsEscape(text, i, keepLines)) i++;
        if (i == text.length()) return text;
        StringBuilder s = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(text, i, keepLines)) {
                s.append(c);
            } else if (isEscape(text, i)) {
                hex(s, c - FIRST_ESCAPE + 0x80);
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c == '\t') {
                s.append("\\t");
            } else if (c == 0x1b) {
                s.append("\\e");
            } else if (c < 0x80) {
                hex(s, c);
            } else {
                s.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return s.toString();
    }

    private static boolean needsEscape(String text, int i, boolean keepLines) {
        char c = text.charAt(i);
        if (keepLines && (c == '\n' || c == '\t')) return false;
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || isEscape(text, i);
    }

    private static void hex(StringBuilder s, int value) {
        s.append("\\x").append(Character.forDigit(value >> 4, 16)).append(Character.forDigit(value & 0xf, 16));
    }

    /** An escape character that stands alone (not the low half of a surrogate pair). */
    private static boolean isEscape(String text, int i) {
        char c = text.charAt(i);
        return c >= FIRST_ESCAPE && c <= LAST_ESCAPE && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
