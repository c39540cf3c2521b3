package org.cloudtask.core.input;

/**
 * A command or input as the console and the text report show it: whole up to 300 characters, else its first 300
 * and how long it is, so one huge input line cannot flood a terminal or a report.
 */
public final class ShownText {

    static final int SHOWN_LENGTH = 300;

    private ShownText() {
    }

    public static String of(String text) {
        if (text.length() <= SHOWN_LENGTH) return text;
        return text.substring(0, SHOWN_LENGTH) + "... (" + text.length() + " characters)";
    }
}
