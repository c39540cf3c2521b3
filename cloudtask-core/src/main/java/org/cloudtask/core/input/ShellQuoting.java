package org.cloudtask.core.input;

import java.util.List;
import java.util.regex.Pattern;

/** Quotes words for {@code sh} so that the shell passes them through as exactly one literal argument each. */
public final class ShellQuoting {

    // why: words made only of these characters mean the same to sh quoted or not, so status lines stay readable
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_%+=:,./@-]+");

    private ShellQuoting() {
    }

    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
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
