package org.cloudtask.core.engine;

import java.io.IOException;
import org.cloudtask.core.input.InputException;
import org.cloudtask.core.input.InputLineReader;
import org.cloudtask.core.input.JobCommands;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.JobsList.StoredJob;

/**
 * Reads the input on its own thread while jobs already run: each job line is stored in the session, then queued. If
 * the queue stops early (every worker gone, an abort) the rest of the input is still stored as pending jobs, so a
 * resume has all of it; only a second abort stops the reading. At the end of the input a JOBS record says the session
 * holds all of it.
 */
final class InputFeeder implements Runnable {

    private final TaskRun run;
    private final InputLineReader reader;
    private final String firstLine;

    /** {@code firstLine}: the first job line, already read by the caller to see that there is work. */
    InputFeeder(TaskRun run, InputLineReader reader, String firstLine) {
        this.run = run;
        this.reader = reader;
        this.firstLine = firstLine;
    }

    @Override
    public void run() {
        try {
            String line = firstLine;
            while (line != null && !run.killingNow()) {
                String command;
                try {
                    command = commandFor(run.settings(), reader, line);
                } catch (InputException e) {
                    // why: no input line may be lost; it becomes a job that failed to build and the rest still runs
                    addBuildFailed(line, e.getMessage());
                    command = null;
                }
                if (command != null) add(line, command);
                line = reader.next();
            }
            if (line == null && !run.killingNow()) {
                run.recorder().record(JournalRecords.jobs(run.session().jobs().count()));
                run.session().markInputComplete();
            }
        } catch (InputException e) {
            if (!run.killingNow()) run.inputFailed(e);
        } catch (IOException e) {
            // why: after a second abort the session may close under the reader; that is the abandoned input, not an error
            if (!run.killingNow()) run.inputFailed(new InputException(reader.lineNumber() + 1, "cannot be read: " + e.getMessage()
                    + "; check the input file or pipe"));
        } catch (RuntimeException e) {
            // why: a second abort closes the session without waiting for this thread; what it was storing is dropped
            if (!run.killingNow()) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run.queue().feedEnded();
        }
    }

    /** The job's command for the line just read, null for no job; throws when the line cannot become a job. */
    static String commandFor(TaskSettings settings, InputLineReader reader, String line) {
        if (reader.tooLong()) {
            throw new InputException(reader.lineNumber(), "longer than " + InputLineReader.MAX_LINE_BYTES / (1024 * 1024)
                    + " MiB (its first " + InputLineReader.KEPT_OF_LONG_LINE + " bytes are kept in the session);"
                    + " pass such data through a file the job reads instead of the input line");
        }
        return JobCommands.commandFor(settings.command(), settings.inputMode(), line, reader.lineNumber());
    }

    private void addBuildFailed(String line, String problem) throws IOException {
        StoredJob stored = run.session().jobs().add(line, org.cloudtask.core.job.Job.BUILD_FAILED + problem);
        run.states().add();
        run.recorder().buildFailed(stored);
        // why: a job that failed to build is a failure like any other, for --halt too (as a failed job in GNU parallel)
        run.finalResult(true);
    }

    private void add(String line, String command) throws IOException, InterruptedException {
        StoredJob stored = run.session().jobs().add(line, command);
        run.states().add();
        run.queue().feed(new QueuedJob(stored, 1, 0));
    }
}
