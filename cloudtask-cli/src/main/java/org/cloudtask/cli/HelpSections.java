package org.cloudtask.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The {@code --help} pages, through picocli's help section keys: the options of {@code cloudtask} are shown in
 * sections (input, jobs, workers, SSH, cloud, sessions and output, batch control) assigned by option name from one
 * table, {@link #SECTIONS}, so option classes stay as they are; a subcommand's options are one "Options" section.
 * Text is wrapped at spaces only, never inside a word ({@code [::1]:22}, {@code ~/.ssh/known_hosts} and URLs stay
 * whole: picocli's own wrapping breaks after '/', '.' and ':'), to the terminal's width and at most 100 columns.
 */
final class HelpSections {

    /** Widest help, whatever the terminal: long lines are hard to read. */
    static final int MAX_WIDTH = 100;
    private static final int INDENT = 2;
    private static final int NAMES_WIDTH = 30;

    /** Section heading, then the long names of its options in the order shown. */
    static final Map<String, List<String>> SECTIONS = sections(
            "Input", List.of("--input", "--null", "--delimiter"),
            "Jobs", List.of("--split", "--timeout", "--kill-grace", "--retries", "--strikes", "--env", "--transfer",
                    "--keep-workdir", "--return", "--return-max"),
            "Workers", List.of("--workers", "--jobs-per-worker", "--overlay", "--pre", "--post", "--setup-timeout",
                    "--boot-timeout", "--ping-interval", "--ping-timeout", "--ping-retries"),
            "SSH", List.of("--user", "--ssh-identity", "--ssh-config", "--known-hosts", "--host-key-policy",
                    "--connect-timeout", "--connect-rate", "--max-startups"),
            "Cloud", List.of("--ec2-ami", "--ec2-region", "--ec2-type", "--ec2-subnet", "--ec2-security-group",
                    "--ec2-key-name", "--ec2-spot", "--ec2-tag", "--ec2-metadata-url", "--ec2-endpoint",
                    "--ec2-ssh-port", "--ec2-private-address", "--ec2-host-key-wait", "--ec2-price",
                    "--max-instances", "--launch-command", "--destroy-command"),
            "Sessions and output", List.of("--sessions", "--resume", "--retry", "--quiet", "--tag", "--group",
                    "--joblog", "--report", "--help", "--version"),
            "Batch control", List.of("--halt", "--halt-min"));

    private HelpSections() {
    }

    /** Installs the renderers on {@code commandLine} and its subcommands. */
    static void install(CommandLine commandLine, Map<String, List<String>> sections) {
        Map<String, CommandLine.IHelpSectionRenderer> renderers = commandLine.getHelpSectionMap();
        renderers.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpSections::description);
        renderers.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpSections::parameters);
        renderers.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> options(help, sections));
        renderers.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> paragraphs(help.commandSpec().usageMessage().footer(), width(help)));
        for (CommandLine sub : commandLine.getSubcommands().values()) install(sub, Map.of());
    }

    /** The section {@code option} is shown in, or null when the table has none for it (a test keeps it so). */
    static String sectionOf(Map<String, List<String>> sections, OptionSpec option) {
        for (Map.Entry<String, List<String>> section : sections.entrySet()) {
            if (section.getValue().contains(option.longestName())) return section.getKey();
        }
        return null;
    }

    private static int width(Help help) {
        return Math.min(MAX_WIDTH, help.commandSpec().usageMessage().width());
    }

    private static String options(Help help, Map<String, List<String>> sections) {
        List<OptionSpec> all = help.commandSpec().options().stream().filter(o -> !o.hidden()).toList();
        Map<String, List<OptionSpec>> shown = new LinkedHashMap<>();
        sections.keySet().forEach(heading -> shown.put(heading, new ArrayList<>()));
        List<OptionSpec> others = new ArrayList<>();
        for (OptionSpec option : all) {
            String heading = sectionOf(sections, option);
            if (heading == null) {
                others.add(option);
            } else {
                shown.get(heading).add(option);
            }
        }
        shown.values().forEach(list -> list.sort((a, b) -> Integer.compare(
                position(sections, a), position(sections, b))));
        // why: an option missing from the table still shows; in "Options" when there are no sections at all
        shown.put(sections.isEmpty() ? "Options" : "Other options", others);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> section : shown.entrySet()) {
            if (section.getValue().isEmpty()) continue;
            out.append('\n').append(section.getKey()).append(":\n");
            for (OptionSpec option : section.getValue()) {
                out.append(row(names(help, option), plainNames(option), describe(option), width(help)));
            }
        }
        return out.toString();
    }

    private static int position(Map<String, List<String>> sections, OptionSpec option) {
        for (List<String> names : sections.values()) {
            int i = names.indexOf(option.longestName());
            if (i >= 0) return i;
        }
        return Integer.MAX_VALUE;
    }

    /** After a blank line; blank paragraphs around it are the sections' business. */
    private static String description(Help help) {
        List<String> text = new ArrayList<>();
        for (String paragraph : help.commandSpec().usageMessage().description()) {
            if (!paragraph.isBlank()) text.add(paragraph);
        }
        if (text.isEmpty()) return "";
        return "\n" + paragraphs(text.toArray(String[]::new), width(help));
    }

    private static String parameters(Help help) {
        StringBuilder out = new StringBuilder();
        for (PositionalParamSpec parameter : help.commandSpec().positionalParameters()) {
            if (parameter.hidden()) continue;
            String label = parameter.paramLabel() + (parameter.arity().max() > 1 ? "..." : "");
            out.append(row(help.colorScheme().parameterText(label).toString(), label, describe(parameter),
                    width(help)));
        }
        return out.length() == 0 ? "" : "\n" + out;
    }

    /** {@code -q, --quiet} or {@code --input=FILE}, coloured as the scheme says. */
    private static String names(Help help, OptionSpec option) {
        Help.ColorScheme colors = help.colorScheme();
        List<String> names = new ArrayList<>();
        for (String name : option.names()) names.add(colors.optionText(name).toString());
        String label = option.typeInfo().isBoolean() || option.arity().max() == 0 ? ""
                : colors.optionText("=").toString() + colors.parameterText(option.paramLabel()).toString();
        return String.join(", ", names) + label;
    }

    private static String plainNames(OptionSpec option) {
        boolean flag = option.typeInfo().isBoolean() || option.arity().max() == 0;
        return String.join(", ", option.names()) + (flag ? "" : "=" + option.paramLabel());
    }

    private static String describe(ArgSpec arg) {
        // why: picocli descriptions are format strings ("P%%"); the text is shown as it reads
        return String.join(" ", arg.description()).replace("%n", " ").replace("%%", "%");
    }

    /** One entry: names in the first column, the description wrapped beside them (below them when too wide). */
    private static String row(String coloredNames, String plainNames, String description, int width) {
        StringBuilder out = new StringBuilder();
        String indent = " ".repeat(INDENT);
        int column = INDENT + NAMES_WIDTH;
        List<String> lines = wrap(description, Math.max(20, width - column));
        out.append(indent).append(coloredNames);
        int used = INDENT + plainNames.length();
        if (used + 1 > column && !lines.isEmpty()) {
            out.append('\n');
            used = 0;
        }
        for (int i = 0; i < lines.size(); i++) {
            out.append(" ".repeat(i == 0 ? column - used : column)).append(lines.get(i)).append('\n');
        }
        if (lines.isEmpty()) out.append('\n');
        return out.toString();
    }

    /** Paragraphs wrapped at {@code width}; an empty paragraph is a blank line. */
    private static String paragraphs(String[] paragraphs, int width) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : paragraphs) {
            String text = paragraph.replace("%n", "\n").replace("%%", "%");
            if (text.isBlank()) {
                out.append('\n');
                continue;
            }
            for (String line : wrap(text, width)) out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Words joined into lines of at most {@code width} characters; a longer word gets a line of its own, whole. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String given : text.split("\n", -1)) {
            // why: a given line keeps its leading blanks (examples are indented)
            String lead = given.substring(0, given.length() - given.stripLeading().length());
            StringBuilder line = new StringBuilder(lead);
            for (String word : given.strip().split(" +")) {
                if (word.isEmpty()) continue;
                if (line.length() > lead.length() && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line = new StringBuilder(lead);
                }
                if (line.length() > lead.length()) line.append(' ');
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static Map<String, List<String>> sections(Object... headingsAndNames) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (int i = 0; i < headingsAndNames.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) headingsAndNames[i + 1];
            sections.put((String) headingsAndNames[i], names);
        }
        return sections;
    }
}
