package org.cloudtask.cli.console;

import java.util.regex.Pattern;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.Progress;
import org.cloudtask.core.engine.TaskEvents;
import org.cloudtask.core.text.LosslessText;

/**
 * Shows the engine's lines (status lines, worker events, the summary) and progress on the console. With
 * {@code --quiet} it shows nothing while the task runs and keeps the engine's summary line for the end.
 */
public final class ConsoleEvents implements TaskEvents {

    // why: the engine's summary reads "session 3 done (12 s): ...", "session 3 aborted (...)" or "session 3 stopped
    // (...): why"; quiet shows only it
    private static final Pattern SUMMARY = Pattern.compile("session \\d+ (done|aborted|stopped) \\(.*");

    private final Console console;
    private final boolean quiet;
    private volatile String summary;
    private volatile boolean heard;
    private final LiveOutput live;

    public ConsoleEvents(Console console, boolean quiet) {
        this(console, quiet, null);
    }

    /** @param live jobs' output on the console ({@code --tag}, {@code --group}), or null for none */
    public ConsoleEvents(Console console, boolean quiet, LiveOutput live) {
        this.console = console;
        this.quiet = quiet;
        this.live = live;
    }

    @Override
    public void output(long jobId, int attempt, String worker, byte[] bytes, int offset, int length) {
        if (live != null) live.output(jobId, attempt, worker, bytes, offset, length);
    }

    @Override
    public void outputEnded(long jobId, int attempt, String worker) {
        if (live != null) live.ended(jobId, attempt, worker);
    }

    @Override
    public void log(String line) {
        heard = true;
        line = LosslessText.printableLines(line); // why: status lines show inputs; the session's log keeps the bytes
        if (SUMMARY.matcher(line).matches()) {
            summary = line;
            console.stopProgress();
        } else if (summary != null) {
            // why: what follows the summary (jobs that failed to build, missing input, why the run stopped) is
            // part of it, so --quiet shows it too
            summary = summary + System.lineSeparator() + line;
        }
        if (!quiet) console.line(line);
    }

    @Override
    public void attemptFinished(AttemptEvent event) {
        if (live != null) live.attemptFinished(event.jobId(), event.attempt(), event.worker(), event.result());
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        heard = true;
    }

    @Override
    public void progress(Progress progress) {
        heard = true;
        console.progress(ProgressLine.format(progress));
    }

    /** Whether the engine has said anything yet: before that no worker has joined and no job has started. */
    public boolean heardFromEngine() {
        return heard;
    }

    /** The engine's summary line of this run with the lines that followed it, or null if it has not logged one. */
    public String summary() {
        return summary;
    }
}
