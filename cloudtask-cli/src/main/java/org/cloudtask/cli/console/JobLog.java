package org.cloudtask.cli.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.TaskEvents;

/**
 * {@code --joblog FILE}: one line per job result in GNU parallel's TSV format ({@code Seq Host Starttime JobRuntime
 * Send Receive Exitval Signal Command}) so existing tooling reads it. Attempts that will be retried, aborted or lost
 * are not results and are left out. A timeout is logged as Exitval -1, Signal 15 (how the job was stopped).
 */
public final class JobLog implements TaskEvents, AutoCloseable {

    static final String HEADER = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand";

    private final BufferedWriter writer;

    private JobLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Appends to {@code file}, writing the header first when the file is new or empty. */
    public static JobLog appendingTo(Path file) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            writer.write(HEADER);
            writer.newLine();
            writer.flush();
        }
        return new JobLog(writer);
    }

    @Override
    public synchronized void attemptFinished(AttemptEvent e) {
        String line = line(e);
        if (line == null) return;
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the joblog", ex);
        }
    }

    static String line(AttemptEvent e) {
        if (e.willRetry() || e.result() == null) return null;
        String exitValue;
        String signal = "0";
        if (e.result().startsWith("EXIT=")) {
            exitValue = e.result().substring("EXIT=".length());
        } else if (e.result().equals("TIMEOUT")) {
            exitValue = "-1";
            signal = "15";
        } else {
            return null;
        }
        double start = e.started().toEpochMilli() / 1000.0;
        double runtime = Duration.between(e.started(), e.finished()).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%d\t%s\t%.3f\t%.3f\t0\t0\t%s\t%s\t%s", e.jobId(), e.worker(), start, runtime,
                exitValue, signal, e.command().replace('\t', ' ').replace('\n', ' '));
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
