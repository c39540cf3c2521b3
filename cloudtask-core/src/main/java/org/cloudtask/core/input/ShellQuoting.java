package org.cloudtask.core.input;

import java.util.List;

/** Quotes words for {@code sh} so that the shell passes them through as exactly one literal argument each. */
public final class ShellQuoting {

    // why: words made only of these characters mean the same to sh quoted or not, so status lines stay readable
    private static final String SAFE_PUNCTUATION = "_%+=:,./@-";

    private ShellQuoting() {
    }

    public static String quote(String word) {
        if (isSafe(word)) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    // why: a loop, not a regex: it runs for every word of every input line
    private static boolean isSafe(String word) {
        if (word.isEmpty()) return false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || SAFE_PUNCTUATION.indexOf(c) >= 0;
            if (!safe) return false;
        }
        return true;
    }

    /** Each word quoted, separated by single spaces. */
    public static String join(List<String> words) {
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            if (s.length() > 0) s.append(' ');
            s.append(quote(w));
        }
        return s.toString();
    }
}
