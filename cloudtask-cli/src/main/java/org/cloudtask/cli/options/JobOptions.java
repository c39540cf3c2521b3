package org.cloudtask.cli.options;

import java.time.Duration;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/** How jobs run: how many at once, their time limit, retries and strikes. */
public final class JobOptions implements SettingsContributor {

    @Option(names = "--split", paramLabel = "N", defaultValue = "1", converter = Counts.AtLeastOne.class,
            description = "Workers that run jobs at once, each pulling the next job when free (default: ${DEFAULT-VALUE}).")
    int split;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", converter = Seconds.Positive.class,
            description = "Wall-clock limit of each job attempt; on expiry the job's processes are killed and it "
                    + "counts as a timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--kill-grace", paramLabel = "SECONDS", defaultValue = "5", converter = Seconds.NonNegative.class,
            description = "Time between TERM and KILL when a job is killed (default: ${DEFAULT-VALUE}).")
    Duration killGrace;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0", converter = Counts.NonNegative.class,
            description = "Extra attempts for a job that failed or timed out, preferably on another worker "
                    + "(default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--strikes", paramLabel = "N", defaultValue = "0", converter = Counts.NonNegative.class,
            description = "Retire a worker after N consecutive failed jobs; 0 = never (default: ${DEFAULT-VALUE}).")
    int strikes;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (given.has("--split")) settings.split(split);
        if (given.has("--timeout")) settings.timeout(timeout);
        if (given.has("--kill-grace")) settings.killGrace(killGrace);
        if (given.has("--retries")) settings.retries(retries);
        if (given.has("--strikes")) settings.strikes(strikes);
    }
}
