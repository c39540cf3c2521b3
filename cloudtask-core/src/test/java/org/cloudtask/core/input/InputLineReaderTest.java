package org.cloudtask.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputLineReaderTest {

    private static List<String> read(byte[] input) throws IOException {
        InputLineReader reader = new InputLineReader(new ByteArrayInputStream(input));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.next()) != null) lines.add(line);
        return lines;
    }

    private static List<String> read(String input) throws IOException {
        return read(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesEndAtLineFeedsAndOneTrailingCarriageReturnIsStripped() throws IOException {
        assertThat(read("a\r\nb\nc\r\r\n\nlast")).containsExactly("a", "b", "c\r", "", "last");
    }

    @Test
    void unicodeIsReadAsUtf8() throws IOException {
        assertThat(read("grüße\n東京 🚀\n")).containsExactly("grüße", "東京 🚀");
    }

    @Test
    void aOneMegabyteLineIsReadWhole() throws IOException {
        String big = "x".repeat(1024 * 1024);
        assertThat(read("a\n" + big + "\nb\n")).containsExactly("a", big, "b");
    }

    @Test
    void invalidUtf8IsAnErrorNamingLineAndByte() {
        byte[] input = {'o', 'k', '\n', 'b', 'a', (byte) 0xff, 'd', '\n'};
        assertThatThrownBy(() -> read(input))
                .isInstanceOf(InputException.class)
                .hasMessage("input line 2: invalid UTF-8 at byte 3; convert the input to UTF-8 "
                        + "(e.g. iconv -f latin1 -t utf-8) and run again");
    }

    @Test
    void aTruncatedMultiByteCharacterIsInvalidUtf8() {
        byte[] input = Arrays.copyOf("東".getBytes(StandardCharsets.UTF_8), 2);
        assertThatThrownBy(() -> read(input)).hasMessageStartingWith("input line 1: invalid UTF-8 at byte 1");
    }

    @Test
    void aNulByteIsAnErrorNamingLineAndByte() {
        assertThatThrownBy(() -> read("a\nb\0c\n"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("input line 2: contains a NUL byte at byte 2;");
    }

    @Test
    void linesAreHandedOutBeforeTheInputEnds() throws IOException {
        InputStream endless = new InputStream() {
            private final byte[] first = "1\n2\n".getBytes(StandardCharsets.US_ASCII);
            private int at;

            @Override
            public int read() {
                if (at < first.length) return first[at++];
                throw new AssertionError("read past the first lines");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= first.length) throw new AssertionError("read past the first lines");
                b[off] = first[at++];
                return 1;
            }
        };
        InputLineReader reader = new InputLineReader(endless);
        assertThat(reader.next()).isEqualTo("1");
        assertThat(reader.lineNumber()).isEqualTo(1);
    }
}
