package org.cloudtask.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --joblog FILE}: one TAB-separated line per finished attempt in GNU parallel's columns, so tools written for
 * parallel read it. A new task starts the file afresh; a resume appends to it.
 * {@code Exitval} is -1 for an attempt that timed out, was aborted or lost; {@code Signal} is 15 when we sent TERM.
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

    public void add(long seq, String host, long startMillis, long runtimeMillis, long received, int exitValue,
                    int signal, String command) throws IOException {
        String line = String.format(Locale.ROOT, "%d\t%s\t%d.%03d\t%d.%03d\t0\t%d\t%d\t%d\t%s\n", seq, host,
                startMillis / 1000, startMillis % 1000, runtimeMillis / 1000, runtimeMillis % 1000, received,
                exitValue, signal, command);
        file.append(org.cloudtask.core.text.LosslessText.encode(line));
    }

    void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
