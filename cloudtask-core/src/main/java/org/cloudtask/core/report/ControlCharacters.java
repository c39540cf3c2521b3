package org.cloudtask.core.report;

/**
 * Text from inputs, jobs and workers made safe to print on a terminal: control characters, which could retitle the
 * window, clear the screen or rewrite what was printed before ({@code ESC ] 0; ... BEL}, {@code ESC [ 2J}, a carriage
 * return), are shown escaped instead. Only what is printed is escaped; session files keep the exact bytes.
 */
public final class ControlCharacters {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ControlCharacters() {
    }

    /**
     * ESC becomes {@code \e}; every other C0 control character but tab and newline, and DEL, becomes {@code \xNN}
     * ({@code \x07}, {@code \x0d}); a C1 control character (U+0080 to U+009F, which some terminals obey as well)
     * becomes {@code \u0080} to {@code \u009f}. Backslashes are left as they are. Returns the same string when
     * there is nothing to escape.
     */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(ControlCharacters::isEscaped)) return text;
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isEscaped(c)) {
                out.append(c);
            } else if (c == 0x1b) {
                out.append("\\e");
            } else if (c < 0x80) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isEscaped(int c) {
        return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
    }
}
