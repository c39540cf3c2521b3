package org.cloudtask.core.input;

import java.util.List;

/**
 * Turns an input line into the shell command a job runs.
 *
 * <ul>
 *   <li>With a task command: the command as written, then each of the line's words shell-quoted
 *       ({@code echo} + {@code x; rm -rf ~} runs {@code echo 'x;' rm -rf '~'}: three literal words).</li>
 *   <li>Without one: the line itself, run as written by {@code sh -c}.</li>
 *   <li>Blank and comment-only lines are no job: {@link #commandFor} returns null.</li>
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

    /**
     * @param taskCommand the task command, or null when each line is the command
     * @param line        the input line, without its line break
     * @return the job's command, or null when the line holds no job
     * @throws InputException when the line cannot be split into words
     */
    public static String commandFor(String taskCommand, String line, long lineNumber) {
        if (taskCommand == null) {
            String trimmed = line.strip();
            return trimmed.isEmpty() || trimmed.startsWith("#") ? null : line;
        }
        List<String> words;
        try {
            words = WordSplitter.split(line);
        } catch (IllegalArgumentException e) {
            throw new InputException(lineNumber, e.getMessage());
        }
        if (words.isEmpty()) return null;
        return taskCommand + " " + ShellQuoting.join(words);
    }
}
