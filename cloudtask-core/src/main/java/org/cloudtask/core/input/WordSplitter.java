package org.cloudtask.core.input;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an input line into words the way a POSIX shell does, without any expansion: blanks (space, tab) separate
 * words; single quotes keep everything literally; double quotes keep everything but a backslash before
 * {@code $ ` " \}; a backslash outside quotes keeps the next character; a word starting with an unquoted {@code #}
 * begins a comment that runs to the end of the line. {@code $VAR}, {@code $(..)}, backticks, globs and {@code ~} are
 * plain text here: the words are later quoted, so input can never inject shell syntax.
 */
public final class WordSplitter {

    private WordSplitter() {
    }

    /**
     * @throws IllegalArgumentException with a message saying what is wrong and how to fix it (an unclosed quote, a
     *                                  trailing backslash)
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) throw unclosed("single", i);
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(line, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException(
                            "ends with a backslash (line continuation is not supported); remove it or write \\\\");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }

    /** Reads {@code "..."} starting at the opening quote; returns the index after the closing quote. */
    private static int readDoubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\' && i + 1 < line.length() && "$`\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unclosed("double", open);
    }

    private static IllegalArgumentException unclosed(String kind, int index) {
        return new IllegalArgumentException("the " + kind + " quote at column " + (index + 1)
                + " is never closed; close it or escape it with a backslash");
    }
}
