package org.cloudtask.jenkins.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;

/** Turns validated step parameters into the engine's settings. */
public final class SettingsMapper {

    /** frontEnd keys the plugin saves with a session (never secrets). */
    public static final String HOST_KEY_POLICY = "host-key-policy";
    public static final String JENKINS_RUN = "jenkins-run";
    public static final String FINGERPRINT = "jenkins-task-fingerprint";
    public static final String EC2_CLOUD = "jenkins-ec2-cloud";
    public static final String EC2_TEMPLATE = "jenkins-ec2-template";

    private SettingsMapper() {
    }

    /**
     * @param workers    the parsed pre-listed workers; those without a user get {@code defaultUser}
     * @param overlay    a local copy of the overlay directory, or null
     * @param runId      the build that runs the task (Jenkins' externalizable id)
     * @param fingerprint the task's {@link TaskFingerprint}
     */
    public static TaskSettings toSettings(TaskParameters p, List<WorkerAddress> workers, String defaultUser,
                                          Path overlay, String runId, String fingerprint) {
        TaskSettings settings = new TaskSettings()
                .command(p.getCommand())
                .split(p.getSplit())
                .timeout(Duration.ofSeconds(p.getTimeout()))
                .retries(p.getRetries())
                .strikes(p.getStrikes())
                .workers(withDefaultUser(workers, defaultUser))
                .pre(p.getPre())
                .post(p.getPost())
                .overlay(overlay)
                .halt(p.getHalt() == null ? null
                        : org.cloudtask.core.engine.HaltPolicy.parse(p.getHalt(), p.getHaltMin()))
                .returns(returnPaths(p.getReturns()))
                .returnMax(p.getReturnMaxMegabytes() * 1024L * 1024L)
                .passedEnvironment(envNames(p.getEnv()));
        settings.frontEnd().putAll(frontEnd(p, runId, fingerprint));
        return settings;
    }

    /** What a resume may change: split, timeout and workers, as in the command line's {@code --resume}. */
    public static TaskSettings applyResumeOverrides(TaskSettings saved, TaskParameters p, List<WorkerAddress> workers,
                                                    String defaultUser, String runId) {
        saved.split(p.getSplit()).timeout(Duration.ofSeconds(p.getTimeout()))
                .workers(withDefaultUser(workers, defaultUser));
        saved.frontEnd().put(JENKINS_RUN, runId);
        saved.frontEnd().put(HOST_KEY_POLICY, p.getHostKeyPolicy());
        return saved;
    }

    /**
     * Reads the values of the settings' passed variables from the build's environment (a new task and a resume
     * alike: the session saves only the names).
     *
     * @throws org.cloudtask.core.engine.CloudTaskException naming a variable the build does not have (the build
     *         stops with that one line)
     */
    public static TaskSettings withEnvironment(TaskSettings settings, Map<String, String> buildEnvironment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : settings.passedEnvironment()) {
            String value = buildEnvironment.get(name);
            if (value == null) {
                throw new org.cloudtask.core.engine.CloudTaskException("env " + name + ": the build has no variable " + name
                        + "; set it (withEnv, a parameter) or remove it from env");
            }
            values.put(name, value);
        }
        return settings.jobEnvironment(values);
    }

    static List<String> envNames(String env) {
        return env == null ? List.of() : List.of(env.strip().split("[\\s,]+"));
    }

    /** The {@code returns} field's paths: one per line, blank lines ignored. */
    static List<String> returnPaths(String returns) {
        return returns == null ? List.of() : returns.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<WorkerAddress> withDefaultUser(List<WorkerAddress> workers, String defaultUser) {
        return workers.stream()
                .map(w -> w.user() == null && defaultUser != null ? w.withUser(defaultUser) : w)
                .toList();
    }

    private static Map<String, String> frontEnd(TaskParameters p, String runId, String fingerprint) {
        Map<String, String> frontEnd = new LinkedHashMap<>();
        frontEnd.put(HOST_KEY_POLICY, p.getHostKeyPolicy());
        frontEnd.put(JENKINS_RUN, runId);
        frontEnd.put(FINGERPRINT, fingerprint);
        if (p.getCloud() != null) {
            frontEnd.put(EC2_CLOUD, p.getCloud());
            frontEnd.put(EC2_TEMPLATE, p.getTemplate());
        }
        return frontEnd;
    }
}
