package org.cloudtask.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobCommandsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                // input line, words, job command for the task command "echo"
                Arguments.of("1", List.of("1"), "echo 1"),
                Arguments.of("  a   b\tc  ", List.of("a", "b", "c"), "echo a b c"),
                Arguments.of("'a b' c", List.of("a b", "c"), "echo 'a b' c"),
                Arguments.of("\"a b\" c", List.of("a b", "c"), "echo 'a b' c"),
                Arguments.of("a\\ b", List.of("a b"), "echo 'a b'"),
                Arguments.of("it\\'s", List.of("it's"), "echo 'it'\\''s'"),
                Arguments.of("\"say \\\"hi\\\"\"", List.of("say \"hi\""), "echo 'say \"hi\"'"),
                Arguments.of("\"back\\\\slash \\n\"", List.of("back\\slash \\n"), "echo 'back\\slash \\n'"),
                Arguments.of("'single \\ kept'", List.of("single \\ kept"), "echo 'single \\ kept'"),
                Arguments.of("x # a comment", List.of("x"), "echo x"),
                Arguments.of("x#not-a-comment", List.of("x#not-a-comment"), "echo 'x#not-a-comment'"),
                Arguments.of("'#quoted' \"#too\" \\#escaped", List.of("#quoted", "#too", "#escaped"),
                        "echo '#quoted' '#too' '#escaped'"),
                Arguments.of("'' empty", List.of("", "empty"), "echo '' empty"),
                Arguments.of("ab'c d'ef", List.of("abc def"), "echo 'abc def'"),
                Arguments.of("grüße 東京 🚀", List.of("grüße", "東京", "🚀"), "echo 'grüße' '東京' '🚀'"),
                // hostile lines: every word reaches the command as literal text
                Arguments.of("x; rm -rf ~", List.of("x;", "rm", "-rf", "~"), "echo 'x;' rm -rf '~'"),
                Arguments.of("$(id)", List.of("$(id)"), "echo '$(id)'"),
                Arguments.of("`id`", List.of("`id`"), "echo '`id`'"),
                Arguments.of("\"$(id) `id` $HOME\"", List.of("$(id) `id` $HOME"), "echo '$(id) `id` $HOME'"),
                Arguments.of("a|b&&c>d<e", List.of("a|b&&c>d<e"), "echo 'a|b&&c>d<e'"),
                Arguments.of("*.txt", List.of("*.txt"), "echo '*.txt'"),
                Arguments.of("'; touch /tmp/pwned; '", List.of("; touch /tmp/pwned; "),
                        "echo '; touch /tmp/pwned; '"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("lines")
    void lineIsSplitLikeAShellAndEveryWordIsQuoted(String line, List<String> words, String command) {
        assertThat(WordSplitter.split(line)).isEqualTo(words);
        assertThat(JobCommands.commandFor("echo", line, 1)).isEqualTo(command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "   ", "\t", "# only a comment", "   # indented"})
    void blankAndCommentLinesAreNoJob(String line) {
        assertThat(JobCommands.commandFor("echo", line, 1)).isNull();
        assertThat(JobCommands.commandFor(null, line, 1)).isNull();
    }

    @Test
    void withoutACommandTheLineRunsAsWritten() {
        assertThat(JobCommands.commandFor(null, "echo $HOME | wc -c # count", 1)).isEqualTo("echo $HOME | wc -c # count");
    }

    @Test
    void aSingleCommandArgumentIsUsedAsWrittenAndSeveralAreEachQuoted() {
        assertThat(JobCommands.fromArguments(List.of("tar -C /data -xf"))).isEqualTo("tar -C /data -xf");
        assertThat(JobCommands.fromArguments(List.of("echo", "a b", "$x"))).isEqualTo("echo 'a b' '$x'");
        assertThat(JobCommands.commandFor("tar -C /data -xf", "'my file.tar'", 1))
                .isEqualTo("tar -C /data -xf 'my file.tar'");
    }

    @Test
    void anUnclosedQuoteIsAOneLineErrorNamingTheLine() {
        assertThatThrownBy(() -> JobCommands.commandFor("echo", "a 'b", 7))
                .isInstanceOf(InputException.class)
                .hasMessage("input line 7: the single quote at column 3 is never closed; close it or escape it with a backslash");
        assertThatThrownBy(() -> JobCommands.commandFor("echo", "\"b", 8)).hasMessageContaining("input line 8: the double quote");
    }

    @Test
    void lineModeMakesTheWholeLineOneArgumentExactlyAsItIs() {
        for (InputMode mode : new InputMode[] {InputMode.LINES, InputMode.NULL}) {
            assertThat(JobCommands.commandFor("echo", mode, "Don't Stop.mp3", 1)).isEqualTo("echo 'Don'\\''t Stop.mp3'");
            assertThat(JobCommands.commandFor("echo", mode, "back\\slash\ttab # not a comment", 1))
                    .isEqualTo("echo 'back\\slash\ttab # not a comment'");
            assertThat(JobCommands.commandFor("echo", mode, "   ", 1)).as("only spaces: one argument").isEqualTo("echo '   '");
            assertThat(JobCommands.commandFor("echo", mode, "", 1)).as("empty: no job").isNull();
        }
        assertThat(JobCommands.commandFor("echo", InputMode.WORDS, "   ", 1)).as("words: blank is no job").isNull();
    }

    @Test
    void aNulByteCannotBeAnArgument() {
        for (InputMode mode : InputMode.values()) {
            assertThatThrownBy(() -> JobCommands.commandFor("echo", mode, "a\0b", 4))
                    .isInstanceOf(InputException.class).hasMessageStartingWith("input line 4: contains a NUL byte");
        }
    }

    @Test
    void aTrailingBackslashIsAnError() {
        assertThatThrownBy(() -> JobCommands.commandFor("echo", "a\\", 3))
                .hasMessageStartingWith("input line 3: ends with a backslash");
    }

    @Test
    void quotedWordsComeBackUnchangedThroughARealShell() throws Exception {
        List<String> words = List.of("x;", "rm", "-rf", "~", "$(id)", "`id`", "it's", "", "a\\b", "\"q\"", "東京");
        // why through stdin: a program argument would be encoded in the test JVM's locale, which may be ASCII
        Process p = new ProcessBuilder("sh").start();
        try (var script = p.getOutputStream()) {
            script.write(("printf '%s\\n' " + ShellQuoting.join(words)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(String.join("\n", words) + "\n");
    }
}
