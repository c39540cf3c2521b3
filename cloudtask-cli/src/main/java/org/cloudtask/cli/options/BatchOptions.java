package org.cloudtask.cli.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cloudtask.cli.UsageException;
import org.cloudtask.cli.console.LiveOutput;
import org.cloudtask.core.engine.HaltPolicy;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/**
 * Batch control: giving up on a doomed batch ({@code --halt}), what jobs see of the controller ({@code --env}) and
 * jobs' output on the console ({@code --tag}, {@code --group}).
 */
public final class BatchOptions implements SettingsContributor {

    @Option(names = "--halt", paramLabel = "[soon|now,]fail=N|P%",
            description = "Stop starting jobs once N jobs (or P%% of the finished ones, after --halt-min) failed or "
                    + "timed out; 'now' also kills the running jobs. The rest stays pending for --resume.")
    String halt;

    @Option(names = "--halt-min", paramLabel = "N", defaultValue = "20", converter = Counts.AtLeastOne.class,
            description = "Finished jobs needed before a --halt percentage counts (default: ${DEFAULT-VALUE}).")
    int haltMin;

    @Option(names = "--env", paramLabel = "NAME",
            description = "Pass this variable of cloudtask's environment to every job (repeatable). Only the name "
                    + "is saved with the session; a resume reads the value again.")
    List<String> env = new ArrayList<>();

    @Option(names = "--tag", description = "Print each line of the jobs' output as it comes, as 'worker job-id: line'.")
    boolean tag;

    @Option(names = "--group", description = "Print each job's whole output when it ends.")
    boolean group;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (tag && group) throw new UsageException("--tag and --group exclude each other; choose one");
        // why: not sticky across resumes; each run shows output the way its own command line asks
        settings.frontEnd().remove(LiveOutput.SETTING);
        if (tag) settings.frontEnd().put(LiveOutput.SETTING, LiveOutput.TAG);
        if (group) settings.frontEnd().put(LiveOutput.SETTING, LiveOutput.GROUP);
        if (halt != null && given.has("--halt")) settings.halt(policy(halt, haltMin));
        if (halt == null && given.has("--halt-min") && settings.halt() != null) {
            settings.halt(policy(settings.halt().toString(), haltMin));
        }
        if (given.has("--env")) {
            for (String name : env) {
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new UsageException("--env " + name + ": not a variable name; give a NAME such as API_URL");
                }
            }
            settings.passedEnvironment(env);
        }
    }

    /** Reads the values of the passed variables from cloudtask's environment, for a new run and for a resume. */
    public static void readEnvironment(TaskSettings settings, Map<String, String> variables) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : settings.passedEnvironment()) {
            String value = variables.get(name);
            if (value == null) {
                throw new UsageException("--env " + name + ": " + name + " is not set in cloudtask's environment; "
                        + "export it or leave out --env " + name);
            }
            values.put(name, value);
        }
        settings.jobEnvironment(values);
    }

    private static HaltPolicy policy(String text, int min) {
        try {
            return HaltPolicy.parse(text, min);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--halt " + text + ": " + e.getMessage()
                    + "; write e.g. --halt fail=5, --halt fail=10% or --halt now,fail=10%");
        }
    }
}
