package org.cloudtask.jenkins.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validates step fields with one-line messages that name the field, what is wrong and what to do. The forms show
 * these messages as they are typed; a build refuses to start with the first of them.
 */
public final class ParameterCheck {

    static final Set<String> HOST_KEY_POLICIES = Set.of("strict", "accept-new", "off");
    static final Set<String> FAIL_BUILD_ON = Set.of("UNSTABLE", "FAILURE");

    private ParameterCheck() {
    }

    /** Every problem of the parameters, in field order; empty when the task can start. */
    public static List<String> problems(TaskParameters p) {
        List<String> problems = new ArrayList<>();
        command(p.getCommand()).ifPresent(problems::add);
        inputs(p.getInputs(), p.getInputsText()).ifPresent(problems::add);
        split(p.getSplit()).ifPresent(problems::add);
        timeout(p.getTimeout()).ifPresent(problems::add);
        atLeastZero("retries", p.getRetries()).ifPresent(problems::add);
        atLeastZero("strikes", p.getStrikes()).ifPresent(problems::add);
        halt(p.getHalt(), p.getHaltMin()).ifPresent(problems::add);
        returns(p.getReturns(), p.getReturnMaxMegabytes()).ifPresent(problems::add);
        env(p.getEnv()).ifPresent(problems::add);
        hostKeyPolicy(p.getHostKeyPolicy()).ifPresent(problems::add);
        failBuildOn(p.getFailBuildOn()).ifPresent(problems::add);
        cloudAndTemplate(p.getCloud(), p.getTemplate()).ifPresent(problems::add);
        workersOrCloud(p).ifPresent(problems::add);
        workspacePath("inputs", p.getInputs()).ifPresent(problems::add);
        workspacePath("overlay", p.getOverlay()).ifPresent(problems::add);
        workspacePath("junitReport", p.getJunitReport()).ifPresent(problems::add);
        return problems;
    }

    public static Optional<String> command(String command) {
        return command == null || command.isBlank()
                ? Optional.of("command is required: the command each input line's words are appended to")
                : Optional.empty();
    }

    public static Optional<String> inputs(String inputsFile, String inputsText) {
        if (inputsFile != null && inputsText != null) {
            return Optional.of("give either inputs (a workspace file) or inputsText, not both");
        }
        if (inputsFile == null && inputsText == null) {
            return Optional.of("inputs are required: name a workspace file with one input per line, or give inputsText");
        }
        return Optional.empty();
    }

    public static Optional<String> halt(String halt, int haltMin) {
        if (haltMin < 1) return Optional.of("haltMin must be at least 1 (got " + haltMin + ")");
        if (halt == null) return Optional.empty();
        try {
            org.cloudtask.core.engine.HaltPolicy.parse(halt, haltMin);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("halt '" + halt + "': " + e.getMessage() + "; write e.g. fail=5, fail=10% or now,fail=10%");
        }
    }

    public static Optional<String> returns(String returns, int maxMegabytes) {
        if (maxMegabytes < 0) return Optional.of("returnMaxMegabytes must be 0 or more (got " + maxMegabytes + ")");
        for (String path : SettingsMapper.returnPaths(returns)) {
            java.nio.file.Path p = java.nio.file.Path.of(path);
            if (p.isAbsolute() || p.normalize().startsWith("..") || path.contains("{}")) {
                return Optional.of("returns '" + path + "': give paths relative to the job's working directory, "
                        + "without .. or {}");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> env(String env) {
        for (String name : SettingsMapper.envNames(env)) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return Optional.of("env '" + name + "' is not a variable name; give names such as API_URL");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> split(int split) {
        return split < 1
                ? Optional.of("split must be at least 1 (got " + split + "): it is the number of workers to use")
                : Optional.empty();
    }

    public static Optional<String> timeout(int seconds) {
        return seconds < 1
                ? Optional.of("timeout must be at least 1 second (got " + seconds + "); the default is "
                        + TaskParameters.DEFAULT_TIMEOUT_SECONDS)
                : Optional.empty();
    }

    public static Optional<String> atLeastZero(String field, int value) {
        return value < 0 ? Optional.of(field + " must be 0 or more (got " + value + ")") : Optional.empty();
    }

    public static Optional<String> hostKeyPolicy(String policy) {
        return HOST_KEY_POLICIES.contains(policy)
                ? Optional.empty()
                : Optional.of("hostKeyPolicy must be strict, accept-new or off (got '" + policy + "')");
    }

    public static Optional<String> failBuildOn(String value) {
        return value != null && FAIL_BUILD_ON.contains(value.toUpperCase(Locale.ROOT))
                ? Optional.empty()
                : Optional.of("failBuildOn must be UNSTABLE or FAILURE (got '" + value + "')");
    }

    public static Optional<String> cloudAndTemplate(String cloud, String template) {
        if (cloud != null && template == null) {
            return Optional.of("cloud '" + cloud + "' needs a template: name one of its agent templates");
        }
        if (cloud == null && template != null) {
            return Optional.of("template '" + template + "' needs a cloud: name the EC2 cloud it belongs to");
        }
        return Optional.empty();
    }

    /**
     * Paths the step reads or writes must stay inside the workspace: an absolute path or {@code ..} would reach
     * other files of the machine the step runs on (the controller itself for a build on the built-in node).
     */
    public static Optional<String> workspacePath(String field, String path) {
        if (path == null) return Optional.empty();
        String normal = path.replace('\\', '/');
        boolean escapes = normal.startsWith("/") || normal.matches("^[A-Za-z]:.*")
                || ("/" + normal + "/").contains("/../");
        return escapes
                ? Optional.of(field + " must be a path inside the workspace (got '" + path + "')")
                : Optional.empty();
    }

    private static Optional<String> workersOrCloud(TaskParameters p) {
        return p.getWorkers() == null && p.getCloud() == null
                ? Optional.of("no workers: list workers (addresses or a workspace file), or name an EC2 cloud and template")
                : Optional.empty();
    }
}
