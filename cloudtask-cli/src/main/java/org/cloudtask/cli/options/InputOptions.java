package org.cloudtask.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the job inputs come from: standard input, or a file. */
public final class InputOptions {

    @Option(names = "--input", paramLabel = "FILE",
            description = "Read job inputs from FILE instead of standard input, one job per line.")
    Path input;

    /** The input file, or null for standard input. */
    public Path file() {
        return input;
    }
}
