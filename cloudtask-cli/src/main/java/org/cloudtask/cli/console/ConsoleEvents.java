package org.cloudtask.cli.console;

import org.cloudtask.core.engine.Progress;
import org.cloudtask.core.engine.TaskEvents;

/** Shows the engine's lines and progress on the console; with {@code --quiet}, nothing (the summary comes later). */
public final class ConsoleEvents implements TaskEvents {

    private final Console console;
    private final boolean quiet;

    public ConsoleEvents(Console console, boolean quiet) {
        this.console = console;
        this.quiet = quiet;
    }

    @Override
    public void log(String line) {
        if (!quiet) console.line(line);
    }

    @Override
    public void progress(Progress progress) {
        console.progress(ProgressLine.format(progress));
    }
}
