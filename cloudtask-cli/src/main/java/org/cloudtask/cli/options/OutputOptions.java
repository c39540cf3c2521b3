package org.cloudtask.cli.options;

import java.nio.file.Path;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/** What the console shows and which extra logs are written. */
public final class OutputOptions implements SettingsContributor {

    @Option(names = {"-q", "--quiet"}, description = "Print the summary only.")
    boolean quiet;

    @Option(names = "--joblog", paramLabel = "FILE",
            description = "Also log each job that has its result to FILE exactly as GNU parallel's --joblog does "
                    + "(TSV, one line per job); parallel --resume --joblog FILE skips them.")
    Path joblog;

    public boolean quiet() {
        return quiet;
    }

    /** The joblog is saved with the session, so a resume keeps appending to it unless given another. */
    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (joblog != null && given.has("--joblog")) {
            settings.jobLog(joblog.toAbsolutePath());
        }
    }
}
