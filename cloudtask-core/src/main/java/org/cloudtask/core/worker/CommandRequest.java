package org.cloudtask.core.worker;

import java.util.Map;

/**
 * A command for a worker to run.
 *
 * @param command     the shell command line, run by {@code sh -c}
 * @param environment the job's whole environment on top of the worker's login defaults (HOME, PATH, USER, SHELL);
 *                    nothing else from the controller leaks in
 * @param label       what to call the command in logs, e.g. {@code "job 17"} or {@code "pre"}
 */
public record CommandRequest(String command, Map<String, String> environment, String label) {

    public CommandRequest {
        environment = Map.copyOf(environment);
    }
}
