package org.cloudtask.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.cloudtask.core.engine.TaskSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

class JobOptionsTest {

    @Command(name = "holder")
    static final class Holder {
        @Mixin
        JobOptions jobs = new JobOptions();
        @Mixin
        OutputOptions output = new OutputOptions();
    }

    private final Holder holder = new Holder();

    private ParseResult parse(String... args) {
        return new CommandLine(holder).parseArgs(args);
    }

    @Test
    void newTaskGetsTheDocumentedDefaults() {
        parse();
        TaskSettings settings = new TaskSettings();

        holder.jobs.applyTo(settings, GivenOptions.ALL);

        assertThat(settings.split()).isEqualTo(1);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(settings.killGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retries()).isZero();
        assertThat(settings.strikes()).isZero();
    }

    @Test
    void everyOptionReachesTheSettings() {
        parse("--split", "8", "--timeout", "1.5", "--kill-grace", "0", "--retries", "2", "--strikes", "3");
        TaskSettings settings = new TaskSettings();

        holder.jobs.applyTo(settings, GivenOptions.ALL);

        assertThat(settings.split()).isEqualTo(8);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.killGrace()).isZero();
        assertThat(settings.retries()).isEqualTo(2);
        assertThat(settings.strikes()).isEqualTo(3);
    }

    @Test
    void resumeOverridesOnlyTheOptionsTypedOnTheCommandLine() {
        ParseResult typed = parse("--split", "4");
        TaskSettings saved = new TaskSettings().split(2).timeout(Duration.ofSeconds(7)).retries(5);

        holder.jobs.applyTo(saved, GivenOptions.typedIn(typed));

        assertThat(saved.split()).isEqualTo(4);
        assertThat(saved.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(saved.retries()).isEqualTo(5);
    }

    @Test
    void joblogIsSavedWithTheSessionAndKeptOnResume() {
        parse("--joblog", "/tmp/jobs.tsv");
        TaskSettings settings = new TaskSettings();
        holder.output.applyTo(settings, GivenOptions.ALL);

        Holder resumed = new Holder();
        ParseResult typed = new CommandLine(resumed).parseArgs("--split", "2");
        resumed.output.applyTo(settings, GivenOptions.typedIn(typed));

        assertThat(settings.jobLog()).hasToString("/tmp/jobs.tsv");
    }
}
