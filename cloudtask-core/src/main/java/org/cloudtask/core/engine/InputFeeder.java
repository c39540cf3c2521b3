package org.cloudtask.core.engine;

import java.io.IOException;
import org.cloudtask.core.input.InputException;
import org.cloudtask.core.input.InputLineReader;
import org.cloudtask.core.input.JobCommands;
import org.cloudtask.core.session.JournalRecords;
import org.cloudtask.core.session.JobsList.StoredJob;

/**
 * Reads the input on its own thread while jobs already run: each job line is stored in the session, then queued. If
 * the queue stops early (every worker gone) the rest of the input is still stored, so a resume has all of it; an abort
 * stops the reading. At the end of the input a JOBS record says the session holds all of it.
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
            while (line != null && !run.aborting()) {
                String command = JobCommands.commandFor(run.settings().command(), line, reader.lineNumber());
                if (command != null) add(line, command);
                line = reader.next();
            }
            if (line == null) {
                run.recorder().record(JournalRecords.jobs(run.session().jobs().count()));
                run.session().markInputComplete();
            }
        } catch (InputException e) {
            run.inputFailed(e);
        } catch (IOException e) {
            run.inputFailed(new InputException(reader.lineNumber() + 1, "cannot be read: " + e.getMessage()
                    + "; check the input file or pipe"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run.queue().feedEnded();
        }
    }

    private void add(String line, String command) throws IOException, InterruptedException {
        StoredJob stored = run.session().jobs().add(line, command);
        run.states().add();
        run.queue().feed(new QueuedJob(stored, 1, 0));
    }
}
