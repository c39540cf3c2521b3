package org.cloudtask.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cloudtask.core.text.LosslessText;
import org.junit.jupiter.api.Test;

class InputLineReaderTest {

    private static List<String> read(byte[] input, InputMode mode) throws IOException {
        InputLineReader reader = new InputLineReader(new ByteArrayInputStream(input), mode);
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.next()) != null) lines.add(line);
        return lines;
    }

    private static List<String> read(byte[] input) throws IOException {
        return read(input, InputMode.WORDS);
    }

    private static List<String> read(String input) throws IOException {
        return read(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesEndAtLineFeedsAndOneTrailingCarriageReturnIsStripped() throws IOException {
        assertThat(read("a\r\nb\nc\r\r\n\nlast")).containsExactly("a", "b", "c\r", "", "last");
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() throws IOException {
        assertThat(read("\uFEFFa\r\n\uFEFFb\n")).containsExactly("a", "\uFEFFb");
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
    void bytesThatAreNotUtf8ComeBackExactly() throws IOException {
        byte[] input = {'o', 'k', '\n', 'b', 'a', (byte) 0xff, 'd', '\n', (byte) 0xe9, 't', (byte) 0xe9, '\n'};
        List<String> lines = read(input);
        assertThat(lines).hasSize(3).first().isEqualTo("ok");
        assertThat(LosslessText.encode(lines.get(1))).containsExactly('b', 'a', 0xff, 'd');
        assertThat(LosslessText.encode(lines.get(2))).containsExactly(0xe9, 't', 0xe9);
    }

    @Test
    void aTruncatedMultiByteCharacterComesBackExactly() throws IOException {
        byte[] input = Arrays.copyOf("東".getBytes(StandardCharsets.UTF_8), 2);
        assertThat(LosslessText.encode(read(input).get(0))).containsExactly(input);
    }

    @Test
    void aNulByteIsPartOfTheLine() throws IOException {
        assertThat(read("a\nb\0c\n")).containsExactly("a", "b\0c");
    }

    private static List<String> read(String input, InputMode mode) throws IOException {
        return read(input.getBytes(StandardCharsets.UTF_8), mode);
    }

    @Test
    void lineModeKeepsCarriageReturnsAndByteOrderMarks() throws IOException {
        assertThat(read("\uFEFFa\r\n b \n", InputMode.LINES)).containsExactly("\uFEFFa\r", " b ");
    }

    @Test
    void nulModeSplitsAtNulAndKeepsLineFeeds() throws IOException {
        assertThat(read("a\nb\0it's\0last", InputMode.NULL)).containsExactly("a\nb", "it's", "last");
    }

    @Test
    void aLineOverTheLimitIsCutAndMarkedAndTheNextLineIsWhole() throws IOException {
        byte[] big = new byte[InputLineReader.MAX_LINE_BYTES + 10];
        Arrays.fill(big, (byte) 'x');
        byte[] input = Arrays.copyOf(big, big.length + 3);
        input[big.length] = '\n';
        input[big.length + 1] = 'b';
        input[big.length + 2] = '\n';
        InputLineReader reader = new InputLineReader(new ByteArrayInputStream(input));
        assertThat(reader.next()).hasSize(InputLineReader.KEPT_OF_LONG_LINE);
        assertThat(reader.tooLong()).isTrue();
        assertThat(reader.next()).isEqualTo("b");
        assertThat(reader.tooLong()).isFalse();
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
