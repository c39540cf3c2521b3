package org.cloudtask.cli;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The task's command from the words after the options. One word is used as written, so
 * {@code cloudtask 'tar -C /data -xf'} keeps its spaces; several words are shell-quoted one by one, so
 * {@code cloudtask grep 'a b'} searches for {@code a b}. No words: each input line is the command (null).
 */
final class TaskCommand {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private TaskCommand() {
    }

    static String of(List<String> words) {
        if (words.isEmpty()) return null;
        if (words.size() == 1) return words.get(0);
        return words.stream().map(TaskCommand::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
