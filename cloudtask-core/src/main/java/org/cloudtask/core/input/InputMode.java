package org.cloudtask.core.input;

/**
 * How input becomes the words appended to the task command. Saved with the session ({@code inputMode}), so a resume
 * reads and writes the session's files the same way.
 */
public enum InputMode {
    /** The original cloudtask's: a line is split into words like a shell does (quotes, backslashes, comments). */
    WORDS("words", (byte) '\n'),
    /** Each line is one argument, exactly as it is (GNU parallel's default, xargs -d '\n'). */
    LINES("lines", (byte) '\n'),
    /** Input records end with a NUL byte, each one argument exactly as it is (-0, for find -print0). */
    NULL("null", (byte) 0);

    private final String settingName;
    private final byte separator;

    InputMode(String settingName, byte separator) {
        this.settingName = settingName;
        this.separator = separator;
    }

    /** The byte that ends an input record; also ends the records of the session's jobs, inputs and failed files. */
    public byte separator() {
        return separator;
    }

    /** The name in the session's settings. */
    public String settingName() {
        return settingName;
    }

    @Override
    public String toString() {
        return settingName;
    }

    public static InputMode ofSetting(String name) {
        if (name == null) return WORDS;
        for (InputMode mode : values()) {
            if (mode.settingName.equals(name)) return mode;
        }
        throw new IllegalArgumentException("unknown input mode '" + name + "' (words, lines or null)");
    }
}
