package org.cloudtask.cli.console;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.cloudtask.core.text.LosslessText;

/**
 * The only writer of the console. Plain lines go to stdout (messages to stderr); on a terminal a live progress line
 * is drawn on stderr and redrawn in place, at most five times a second. It is erased before any other line is
 * printed and drawn again after it, so it never mixes into the plain output.
 */
public final class Console {

    private static final long REDRAW_INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintStream out;
    private final PrintStream err;
    private final LongSupplier nanoClock;
    private boolean progressEnabled;
    private String progress;
    private boolean progressShown;
    private long lastDraw;

    public Console(PrintStream out, PrintStream err, boolean progressEnabled, LongSupplier nanoClock) {
        this.out = out;
        this.err = err;
        this.progressEnabled = progressEnabled;
        this.nanoClock = nanoClock;
    }

    /** A console for this terminal: a progress line only when stderr is a terminal that can redraw a line. */
    public static Console forTerminal(PrintStream out, PrintStream err, Terminal terminal, String termVariable,
                                      boolean quiet) {
        boolean redraws = terminal.stderr() && !"dumb".equals(termVariable) && !quiet;
        return new Console(out, err, redraws, System::nanoTime);
    }

    /** A line of the task's output: status lines, worker events, the summary. */
    public synchronized void line(String text) {
        erase();
        out.println(text);
        out.flush();
        draw();
    }

    /** A message about cloudtask itself (aborting, warnings), on stderr; control characters shown escaped. */
    public synchronized void message(String text) {
        erase();
        err.println(LosslessText.printableLines(text));
        err.flush();
        draw();
    }

    /** New progress; drawn now unless it was drawn less than 200 ms ago (then with the next line or update). */
    public synchronized void progress(String text) {
        if (!progressEnabled) return;
        progress = text;
        long now = nanoClock.getAsLong();
        if (!progressShown || now - lastDraw >= REDRAW_INTERVAL) {
            draw();
        }
    }

    /** Erases the progress line for good: the task is over. */
    public synchronized void stopProgress() {
        erase();
        progressEnabled = false;
    }

    private void erase() {
        if (progressShown) {
            err.print(ERASE_LINE);
            err.flush();
            progressShown = false;
        }
    }

    private void draw() {
        if (!progressEnabled || progress == null) return;
        err.print(ERASE_LINE + progress);
        err.flush();
        progressShown = true;
        lastDraw = nanoClock.getAsLong();
    }
}
