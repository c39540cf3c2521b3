package org.cloudtask.core.local;

import java.util.Map;
import java.util.Set;

/**
 * The environment of a local job: the controller's own (as xargs and GNU parallel pass theirs), minus cloudtask's
 * secrets, plus the job's {@code CLOUDTASK_*} variables. Remote jobs do not get it: they keep their login's
 * environment.
 */
public final class JobEnvironment {

    /**
     * Variables that hold cloudtask's own secrets. {@code bin/cloudtask} hands them to the JVM through a pipe, not its
     * environment; a JVM started some other way still never passes them on.
     */
    public static final Set<String> SECRETS = Set.of("CLOUDTASK_SSH_PASSPHRASE", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    /** Set by bin/cloudtask when it changed LC_ALL for the JVM: "unset", or "=" followed by the caller's value. */
    private static final String CALLER_LC_ALL = System.getProperty("cloudtask.caller.lcall");

    private JobEnvironment() {
    }

    /** Turns {@code environment}, a copy of the controller's, into the job's. */
    static void prepare(Map<String, String> environment, Map<String, String> jobVariables) {
        environment.keySet().removeAll(SECRETS);
        if (CALLER_LC_ALL != null && CALLER_LC_ALL.startsWith("=")) {
            environment.put("LC_ALL", CALLER_LC_ALL.substring(1));
        } else if (CALLER_LC_ALL != null) {
            environment.remove("LC_ALL");
        }
        environment.putAll(jobVariables);
    }
}
