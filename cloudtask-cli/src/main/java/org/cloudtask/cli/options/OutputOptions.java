package org.cloudtask.cli.options;

import java.nio.file.Path;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/** What the console shows and which extra logs are written. */
public final class OutputOptions implements SettingsContributor {

    /** Saved with the session so a resume keeps appending to the same joblog. */
    public static final String JOBLOG_SETTING = "cli.joblog";

    @Option(names = {"-q", "--quiet"}, description = "Print the summary only.")
    boolean quiet;

    @Option(names = "--joblog", paramLabel = "FILE",
            description = "Also log each finished job to FILE in GNU parallel's --joblog format (TSV).")
    Path joblog;

    public boolean quiet() {
        return quiet;
    }

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (joblog != null && given.has("--joblog")) {
            settings.frontEnd().put(JOBLOG_SETTING, joblog.toAbsolutePath().toString());
        }
    }

    /** The joblog file of these settings, or null for none. */
    public static Path joblog(TaskSettings settings) {
        String path = settings.frontEnd().get(JOBLOG_SETTING);
        return path != null ? Path.of(path) : null;
    }
}
