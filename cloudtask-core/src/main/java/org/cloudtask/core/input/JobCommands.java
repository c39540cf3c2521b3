package org.cloudtask.core.input;

import java.util.List;

/**
 * Turns an input line into the shell command a job runs.
 *
 * <ul>
 *   <li>With a task command: the command as written, then each of the line's words shell-quoted
 *       ({@code echo} + {@code x; rm -rf ~} runs {@code echo 'x;' rm -rf '~'}: three literal words).</li>
 *   <li>Without one: the line itself, run as written by {@code sh -c}.</li>
 *   <li>In {@link InputMode#LINES} and {@link InputMode#NULL}: the command, then the whole line as one quoted word,
 *       exactly as it is (spaces, quotes, backslashes, a leading {@code #}).</li>
 *   <li>Empty lines are no job; in {@link InputMode#WORDS} (and for lines that are commands) neither are blank and
 *       comment-only lines: {@link #commandFor} returns null.</li>
 * </ul>
 */
public final class JobCommands {

    private JobCommands() {
    }

    /**
     * The task command a front end passes on: a single argument is used as written ({@code 'tar -C /data -xf'}), several
     * arguments are each quoted ({@code echo "a b"} stays one word).
     */
    public static String fromArguments(List<String> arguments) {
        if (arguments.isEmpty()) return null;
        if (arguments.size() == 1) return arguments.get(0);
        return ShellQuoting.join(arguments);
    }

    /** {@link #commandFor(String, InputMode, String, long)} in the original tool's mode, {@link InputMode#WORDS}. */
    public static String commandFor(String taskCommand, String line, long lineNumber) {
        return commandFor(taskCommand, InputMode.WORDS, line, lineNumber);
    }

    /**
     * @param taskCommand the task command, or null when each line is the command
     * @param mode        how a line becomes words: split like a shell, or one argument as it is
     * @param line        the input line, without its separator
     * @return the job's command, or null when the line holds no job (an empty line; in {@link InputMode#WORDS} also a
     *         blank or comment-only line)
     * @throws InputException when the line cannot become a job (an unclosed quote, a NUL byte)
     */
    public static String commandFor(String taskCommand, InputMode mode, String line, long lineNumber) {
        if (line.isEmpty()) return null;
        if (taskCommand == null) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) return null;
            refuseNul(line, lineNumber);
            return line;
        }
        if (mode != InputMode.WORDS) {
            refuseNul(line, lineNumber);
            return taskCommand + " " + ShellQuoting.quote(line);
        }
        List<String> words;
        try {
            words = WordSplitter.split(line);
        } catch (IllegalArgumentException e) {
            throw new InputException(lineNumber, e.getMessage());
        }
        if (words.isEmpty()) return null;
        refuseNul(line, lineNumber);
        return taskCommand + " " + ShellQuoting.join(words);
    }

    /** Why: a program's arguments are C strings; a NUL would cut the word short. */
    private static void refuseNul(String line, long lineNumber) {
        int nul = line.indexOf('\0');
        if (nul < 0) return;
        throw new InputException(lineNumber, "contains a NUL byte at character " + (nul + 1) + ", which no"
                + " argument can hold; remove NUL bytes (tr -d '\\000'), or give -0 if the input is NUL-separated");
    }
}
