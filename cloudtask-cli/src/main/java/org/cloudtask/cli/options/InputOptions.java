package org.cloudtask.cli.options;

import java.nio.file.Path;
import org.cloudtask.cli.UsageException;
import org.cloudtask.core.input.InputMode;
import picocli.CommandLine.Option;

/** Where the job inputs come from (standard input, or a file) and how they become words (see docs/cli.md). */
public final class InputOptions {

    @Option(names = "--input", paramLabel = "FILE",
            description = "Read job inputs from FILE instead of standard input, one job per line.")
    Path input;

    @Option(names = {"-0", "--null"},
            description = "Input items end with a NUL byte (find -print0, xargs -0, parallel -0); each item is one "
                    + "argument, exactly as it is.")
    boolean nul;

    @Option(names = {"-d", "--delimiter"}, paramLabel = "DELIM",
            description = "'\\n': each input line is one argument, exactly as it is (parallel's and xargs -d's "
                    + "way); '\\0' is -0. Without it a line is split into words like a shell does.")
    String delimiter;

    /** The input file, or null for standard input. */
    public Path file() {
        return input;
    }

    /** Whether -0 or -d was given: they are saved with a session and cannot change on a resume. */
    public boolean modeGiven() {
        return nul || delimiter != null;
    }

    /** The input mode the options ask for; words (the original cloudtask's) when none was given. */
    public InputMode mode() {
        InputMode byDelimiter = delimiter == null ? null : switch (delimiter) {
            case "\\n", "\n" -> InputMode.LINES;
            case "\\0", "\0" -> InputMode.NULL;
            default -> throw new UsageException("-d " + delimiter + ": only '\\n' (one line, one argument) and '\\0'"
                    + " (NUL-separated, like -0) are supported; leave -d out to split lines into words");
        };
        if (nul && byDelimiter == InputMode.LINES) {
            throw new UsageException("-0 and -d '\\n' exclude each other; choose one");
        }
        if (nul) return InputMode.NULL;
        return byDelimiter == null ? InputMode.WORDS : byDelimiter;
    }
}
