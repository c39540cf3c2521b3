package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cloudtask.cli.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help}: sections by concern with every option in one, examples and where things live at the end, at most
 * 100 columns, no word broken across lines, the synopsis ending in {@code [COMMAND...]}; each subcommand's errors
 * point to its own --help.
 */
class HelpTest {

    @TempDir
    Path home;

    @Test
    void everyOptionOfTheMainCommandIsInASection() {
        CommandLine commandLine = Cli.commandLine(environment());

        List<String> homeless = new ArrayList<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            if (HelpSections.sectionOf(HelpSections.SECTIONS, option) == null) homeless.add(option.longestName());
        }

        assertThat(homeless).as("options missing from HelpSections.SECTIONS").isEmpty();
    }

    @Test
    void helpHasTheSectionsInOrderThenExamplesAndWhereThingsLive() {
        String help = help("--help");

        assertThat(help.lines().filter(line -> line.matches("[A-Z][-A-Za-z ()]+:.*")).map(l -> l.replaceAll(":.*", "")))
                .containsSubsequence("Usage", "Input", "Jobs", "Workers", "SSH", "Cloud", "Sessions and output",
                        "Batch control", "Subcommands (each has its own --help)", "Examples", "Where things live",
                        "Exit status")
                .doesNotContain("Other options");
        assertThat(help.lines().findFirst().orElseThrow()).isEqualTo("Usage: cloudtask [OPTIONS] [COMMAND...]");
        assertThat(help).doesNotContain("[COMMAND]").contains("~/.cloudtask", "DIR/ID/output/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "report --help", "sessions --help", "launch-workers --help",
        "destroy-workers --help"})
    void helpFitsOneHundredColumnsAndBreaksNoWord(String args) {
        String help = help(args.split(" "));

        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
        String flowing = help.replaceAll("\\s+", " ");
        CommandLine command = Cli.commandLine(environment());
        if (args.contains(" ")) command = command.getSubcommands().get(args.split(" ")[0]);
        for (OptionSpec option : command.getCommandSpec().options()) {
            String description = String.join(" ", option.description()).replace("%%", "%").replaceAll("\\s+", " ");
            assertThat(flowing).as("description of " + option.longestName()).contains(description);
        }
        for (String paragraph : command.getCommandSpec().usageMessage().footer()) {
            assertThat(flowing).contains(paragraph.replaceAll("\\s+", " ").strip());
        }
    }

    @Test
    void tokensThatPicocliBrokeStayWhole() {
        String help = help("--help");

        assertThat(help.lines()).anyMatch(line -> line.contains("[N/][user@]host[:port] (IPv6: [::1]:22)"))
                .anyMatch(line -> line.contains("~/.ssh/known_hosts"))
                .anyMatch(line -> line.contains("(default: http://169.254.169.254;"))
                .anyMatch(line -> line.contains("--report=sh:CMD|mail:FROM TO..."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus|cloudtask", "report --bogus 1|cloudtask report", "sessions --bogus|cloudtask sessions",
        "launch-workers --bogus|cloudtask launch-workers", "destroy-workers --bogus|cloudtask destroy-workers"})
    void eachCommandsErrorsPointToItsOwnHelp(String given) {
        String[] parts = given.split("\\|");
        InProcessCli cli = new InProcessCli(home).env(Map.of("CLOUDTASK_SESSIONS", home.toString()));

        assertThat(cli.run(parts[0].split(" "))).isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err().lines()).singleElement().asString().endsWith("(try '" + parts[1] + " --help')");
    }

    private String help(String... args) {
        InProcessCli cli = new InProcessCli(home);
        assertThat(cli.run(args)).isZero();
        return cli.out();
    }

    private CliEnvironment environment() {
        return new CliEnvironment(System.in, System.out, System.err, Terminal.NONE, Map.of(), home);
    }
}
