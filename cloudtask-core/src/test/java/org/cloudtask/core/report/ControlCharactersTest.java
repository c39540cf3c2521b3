package org.cloudtask.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void terminalSequencesAreShownEscaped() {
        assertThat(ControlCharacters.escape("a\u001b]0;owned\u0007b\u001b[2Jc")).isEqualTo("a\\e]0;owned\\x07b\\e[2Jc");
        assertThat(ControlCharacters.escape("over\rwrite\u007f\u009b1m")).isEqualTo("over\\x0dwrite\\x7f\\u009b1m");
    }

    @Test
    void ordinaryTextTabsNewlinesAndBackslashesStayAsTheyAre() {
        String text = "東京 \\e\ttab\nline é";
        assertThat(ControlCharacters.escape(text)).isSameAs(text);
    }
}
