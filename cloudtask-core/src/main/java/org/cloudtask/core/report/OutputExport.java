package org.cloudtask.core.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.session.PrivateFiles;

/**
 * Writes each finished job's output (its final attempt's) into {@code DIR/succeeded/<job>.out} or
 * {@code DIR/failed/<job>.out} (failures and timeouts), job ids zero-padded so that {@code ls} lists them in order.
 * Pending jobs have no result and no file. Refuses directories that already hold files, so sessions never mix.
 * Outputs are as private as the session: directories are created 0700 and files 0600, and a symbolic link in place of
 * a directory or file is refused, never followed.
 */
public final class OutputExport {

    /** What was written. */
    public record Written(long succeeded, long failed) {
    }

    private OutputExport() {
    }

    public static Written write(SessionReport report, Path dir) throws IOException {
        Path succeeded = dir.resolve("succeeded");
        Path failed = dir.resolve("failed");
        for (Path d : List.of(dir, succeeded, failed)) refuseLink(d);
        refuseFiles(succeeded);
        refuseFiles(failed);
        PrivateFiles.createDirectories(succeeded);
        PrivateFiles.createDirectories(failed);
        int width = Long.toString(report.total()).length();
        long ok = 0;
        long bad = 0;
        for (long job = 1; job <= report.total(); job++) {
            if (!report.done(job)) continue;
            ReportAttempt a = report.lastAttempt(job);
            String name = String.format("%0" + width + "d.out", job);
            if (a == null) {
                // why: a job that failed to build never ran; its problem stands in for the output it never had
                Files.writeString(failed.resolve(name), "failed to build: " + report.buildFailures().get(job) + "\n");
                bad++;
                continue;
            }
            boolean good = a.kind() == ResultKind.OK;
            copy(report, a, (good ? succeeded : failed).resolve(name));
            if (good) ok++;
            else bad++;
        }
        return new Written(ok, bad);
    }

    private static void refuseLink(Path dir) {
        if (Files.isSymbolicLink(dir)) {
            throw new CloudTaskException(dir + " is a symbolic link; give --outdir a directory of your own");
        }
    }

    private static void refuseFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new CloudTaskException(dir + " already holds files; give --outdir an empty or new directory");
            }
        }
    }

    private static void copy(SessionReport report, ReportAttempt a, Path target) throws IOException {
        Path source = report.directory().resolve("output").resolve(a.slot());
        try (WritableByteChannel sink = PrivateFiles.createNew(target)) {
            if (a.length() == 0 || !Files.isRegularFile(source)) return;
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                long done = 0;
                while (done < a.length()) {
                    long n = in.transferTo(a.offset() + done, a.length() - done, sink);
                    if (n <= 0) break; // why: the file is shorter than the journal says (a disk that lied)
                    done += n;
                }
            }
        }
    }
}
