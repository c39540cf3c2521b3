package org.cloudtask.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --joblog FILE}, exactly as GNU parallel writes it, so tools written for parallel (and its {@code --resume})
 * read it: one TAB-separated line per job with its result, from its final attempt; {@code Host} is {@code :} for a
 * local job; {@code Starttime} as {@code %.3f} seconds; {@code JobRuntime} cut to milliseconds and padded as
 * {@code %10.3f}; a newline in the command written as NUL. A job that ended by a signal has {@code Exitval} 0 and the
 * signal's number; one that timed out {@code -1} and 15 (TERM), as parallel's own timeouts. A new task starts the
 * file afresh; a resume appends to it.
 */
public final class JobLog implements Closeable {

    static final String HEADER = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n";

    private final AppendFile file;

    private JobLog(AppendFile file) {
        this.file = file;
    }

    static JobLog open(Path path, boolean append) throws IOException {
        if (!append) Files.deleteIfExists(path);
        AppendFile file = new AppendFile(path, 64 * 1024);
        if (file.size() == 0) file.append(HEADER.getBytes(StandardCharsets.UTF_8));
        return new JobLog(file);
    }

    /** @param host the worker's name; {@link #LOCAL_HOST} for a local worker */
    public void add(long seq, String host, long startMillis, long runtimeMillis, long received, int exitValue,
                    int signal, String command) throws IOException {
        String line = String.format(Locale.ROOT, "%d\t%s\t%d.%03d\t%10s\t0\t%d\t%d\t%d\t%s\n", seq, host,
                startMillis / 1000, startMillis % 1000, seconds(runtimeMillis), received, exitValue, signal,
                command.replace('\n', '\0'));
        file.append(org.cloudtask.core.text.LosslessText.encode(line));
    }

    /** What parallel writes for a job run on the controller's own host. */
    public static final String LOCAL_HOST = ":";

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
