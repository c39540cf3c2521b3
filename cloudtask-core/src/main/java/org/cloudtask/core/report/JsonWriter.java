package org.cloudtask.core.report;

/**
 * Just enough JSON for the report's data block: strings, numbers, arrays. Strings are escaped so the text is also safe
 * inside an HTML {@code <script>} element ({@code <}, {@code >}, {@code &} as a \\u escape).
 */
final class JsonWriter {

    private final StringBuilder out;

    JsonWriter(StringBuilder out) {
        this.out = out;
    }

    JsonWriter raw(String text) {
        out.append(text);
        return this;
    }

    JsonWriter key(String name) {
        string(name);
        out.append(':');
        return this;
    }

    JsonWriter string(String s) {
        if (s == null) {
            out.append("null");
            return this;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return this;
    }

    JsonWriter number(long n) {
        out.append(n);
        return this;
    }

    /** {@code "name":[n,n,...]} from a function of the index. */
    JsonWriter numbers(String name, int count, java.util.function.IntToLongFunction value) {
        key(name).raw("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) out.append(',');
            out.append(value.applyAsLong(i));
        }
        out.append(']');
        return this;
    }
}
