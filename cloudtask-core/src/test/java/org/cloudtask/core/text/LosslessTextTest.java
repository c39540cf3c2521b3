package org.cloudtask.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LosslessTextTest {

    @Test
    void anyBytesComeBackExactly() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            assertThat(LosslessText.encode(LosslessText.decode(bytes))).as("seed " + seed).containsExactly(bytes);
        }
    }

    @Test
    void utf8DecodesAsUsualAndOtherBytesAsEscapes() {
        assertThat(LosslessText.decode("grüße 東京 🚀".getBytes(StandardCharsets.UTF_8))).isEqualTo("grüße 東京 🚀");
        assertThat(LosslessText.decode(new byte[] {'a', (byte) 0xff, (byte) 0xfe})).isEqualTo("a\uDCFF\uDCFE");
        // an encoded surrogate is not UTF-8: its three bytes stay three bytes
        byte[] surrogate = {(byte) 0xed, (byte) 0xb3, (byte) 0xbf};
        assertThat(LosslessText.encode(LosslessText.decode(surrogate))).containsExactly(surrogate);
    }

    @Test
    void printableEscapesBytesAndControlCharactersOnly() {
        assertThat(LosslessText.printable("echo 'a b' 東京")).isEqualTo("echo 'a b' 東京");
        assertThat(LosslessText.printable(LosslessText.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n', 1, '\t'})))
                .isEqualTo("caf\\xe9\\n\\x01\\t");
    }

    @Test
    void terminalSequencesAreShownEscapedOnOneLineAndInTextOfSeveralLines() {
        String hostile = "a\u001b]0;owned\u0007b\u001b[2Jc\rover\u007f\u009b1m";
        String shown = "a\\e]0;owned\\x07b\\e[2Jc\\rover\\x7f\\u009b1m";
        assertThat(LosslessText.printable(hostile)).isEqualTo(shown);
        assertThat(LosslessText.printableLines(hostile + "\n\tnext")).isEqualTo(shown + "\n\tnext");
        assertThat(LosslessText.printableLines(LosslessText.decode(new byte[] {'x', (byte) 0xff, 0x1b})))
                .isEqualTo("x\\xff\\e");
    }

    @Test
    void escapingTwiceChangesNothingMoreAndPlainTextIsLeftAsItIs() {
        String text = "東京 \\e\ttab\nline é";
        assertThat(LosslessText.printableLines(text)).isSameAs(text);
        String once = LosslessText.printable(LosslessText.decode(new byte[] {0x1b, '[', '2', 'J', (byte) 0xfe, '\n'}));
        assertThat(LosslessText.printableLines(once)).isEqualTo(once);
        assertThat(LosslessText.printable(once)).isEqualTo(once).isEqualTo("\\e[2J\\xfe\\n");
    }
}
