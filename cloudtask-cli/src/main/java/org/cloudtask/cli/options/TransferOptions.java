package org.cloudtask.cli.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cloudtask.cli.UsageException;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.TransferFile;
import picocli.CommandLine.Option;

/**
 * {@code --transfer FILE}: GNU parallel's {@code --basefile}. Each FILE keeps its path relative to the controller's
 * working directory, so a command that works here ({@code ./render.sh}) works the same on SSH workers, where the
 * files land in the session's working directory and jobs run; local jobs already run where the files are.
 */
public final class TransferOptions implements SettingsContributor {

    @Option(names = "--transfer", paramLabel = "FILE",
            description = "Copy FILE (inside the current directory) to each SSH worker once, before its first job, "
                    + "into a working directory of the session there, at the same relative path, modes kept; "
                    + "jobs, --pre, --post and --return work in that directory (repeatable). Local jobs run in "
                    + "the current directory, where the files already are.")
    List<Path> transfers = new ArrayList<>();

    @Option(names = "--keep-workdir",
            description = "Leave the workers' working directories of --transfer in place after the task "
                    + "(default: removed).")
    Boolean keepWorkdir;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (given.has("--transfer")) {
            List<TransferFile> files = new ArrayList<>();
            for (Path file : transfers) files.add(checked(file));
            settings.transfers(files);
        }
        if (keepWorkdir != null && given.has("--keep-workdir")) settings.keepWorkdir(keepWorkdir);
    }

    private static TransferFile checked(Path file) {
        // why the JVM's own: local jobs run in it, and a relative path here means the same as in the job's command
        Path currentDirectory = Path.of("").toAbsolutePath().normalize();
        Path source = currentDirectory.resolve(file).normalize();
        if (!source.startsWith(currentDirectory) || source.equals(currentDirectory)) {
            throw new UsageException("--transfer " + file + ": not a file inside the current directory "
                    + currentDirectory + "; run cloudtask from a directory that holds it (it keeps its relative "
                    + "path on the workers), or use --overlay for files at fixed paths");
        }
        if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
            throw new UsageException("--transfer " + file + ": no such readable file; give a file (not a "
                    + "directory) that cloudtask can read");
        }
        String target = currentDirectory.relativize(source).toString().replace('\\', '/');
        return new TransferFile(source, target);
    }
}
