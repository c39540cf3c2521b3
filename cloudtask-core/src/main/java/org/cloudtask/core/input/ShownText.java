package org.cloudtask.core.input;

/**
 * A command or input as the console and the text report show it: whole up to 300 characters, else its first 300
 * and how long it is, so one huge input line cannot flood a terminal or a report; escaped as
 * {@link org.cloudtask.core.text.LosslessText#printable} escapes it.
 */
public final class ShownText {

    static final int SHOWN_LENGTH = 300;

    private ShownText() {
    }

    public static String of(String text) {
        // why: bytes that are not UTF-8 and control characters are shown escaped, never sent raw to a terminal
        text = org.cloudtask.core.text.LosslessText.printable(text);
        if (text.length() <= SHOWN_LENGTH) return text;
        return text.substring(0, SHOWN_LENGTH) + "... (" + text.length() + " characters)";
    }
}
