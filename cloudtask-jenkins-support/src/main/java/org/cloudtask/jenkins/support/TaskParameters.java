package org.cloudtask.jenkins.support;

import java.io.Serializable;

/**
 * The fields of the {@code cloudtask} Pipeline step and freestyle build step, exactly as the user set them, with the
 * command line's defaults. Both Jenkins classes keep one of these and delegate their getters and setters to it, so
 * the two cannot drift apart. Holds no secret: {@code credentialsId} is only the id of a Jenkins credential.
 */
public final class TaskParameters implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The command line's defaults, also used by the forms. */
    public static final int DEFAULT_SPLIT = 1;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    public static final String DEFAULT_HOST_KEY_POLICY = "strict";
    public static final String DEFAULT_FAIL_BUILD_ON = "UNSTABLE";
    public static final int DEFAULT_RETURN_MAX_MEGABYTES = 100;

    private String command;
    private String inputs;
    private String inputsText;
    private int split = DEFAULT_SPLIT;
    private String workers;
    private String credentialsId;
    private String user;
    private String cloud;
    private String template;
    private int timeout = DEFAULT_TIMEOUT_SECONDS;
    private int retries;
    private int strikes;
    private String pre;
    private String post;
    private String overlay;
    private String hostKeyPolicy = DEFAULT_HOST_KEY_POLICY;
    private String failBuildOn = DEFAULT_FAIL_BUILD_ON;
    private boolean resume = true;
    private boolean retryFailed;
    private String junitReport;
    private String halt;
    private String returns;
    private String env;
    private int returnMaxMegabytes = DEFAULT_RETURN_MAX_MEGABYTES;
    private int haltMin = org.cloudtask.core.engine.HaltPolicy.DEFAULT_MIN_JOBS;

    public TaskParameters(String command) {
        this.command = command;
    }

    /** The command each input line's words are appended to. */
    public String getCommand() { return command; }
    public void setCommand(String value) { command = trimToNull(value); }

    /** A workspace file of inputs, one per line. */
    public String getInputs() { return inputs; }
    public void setInputs(String value) { inputs = trimToNull(value); }

    /** The inputs themselves, one per line: the alternative to {@link #getInputs()}. */
    public String getInputsText() { return inputsText; }
    public void setInputsText(String value) {
        // why: browsers submit a textarea's lines with CRLF; the same inputs must give the same task
        inputsText = value == null || value.isBlank() ? null : value.replace("\r\n", "\n");
    }

    public int getSplit() { return split; }
    public void setSplit(int value) { split = value; }

    /** Worker addresses separated by spaces, commas or newlines, or the workspace path of a file of them. */
    public String getWorkers() { return workers; }
    public void setWorkers(String value) { workers = trimToNull(value); }

    public String getCredentialsId() { return credentialsId; }
    public void setCredentialsId(String value) { credentialsId = trimToNull(value); }

    /** Login name overriding the credential's user name. */
    public String getUser() { return user; }
    public void setUser(String value) { user = trimToNull(value); }

    /** The name of an EC2 plugin cloud to launch workers from. */
    public String getCloud() { return cloud; }
    public void setCloud(String value) { cloud = trimToNull(value); }

    /** The description of one of that cloud's templates. */
    public String getTemplate() { return template; }
    public void setTemplate(String value) { template = trimToNull(value); }

    /** Seconds a job attempt may run. */
    public int getTimeout() { return timeout; }
    public void setTimeout(int value) { timeout = value; }

    public int getRetries() { return retries; }
    public void setRetries(int value) { retries = value; }

    public int getStrikes() { return strikes; }
    public void setStrikes(int value) { strikes = value; }

    public String getPre() { return pre; }
    public void setPre(String value) { pre = trimToNull(value); }

    public String getPost() { return post; }
    public void setPost(String value) { post = trimToNull(value); }

    /** A workspace directory copied onto each worker's root. */
    public String getOverlay() { return overlay; }
    public void setOverlay(String value) { overlay = trimToNull(value); }

    public String getHostKeyPolicy() { return hostKeyPolicy; }
    public void setHostKeyPolicy(String value) { hostKeyPolicy = value == null || value.isBlank() ? DEFAULT_HOST_KEY_POLICY : value.trim(); }

    public String getFailBuildOn() { return failBuildOn; }
    public void setFailBuildOn(String value) { failBuildOn = value == null || value.isBlank() ? DEFAULT_FAIL_BUILD_ON : value.trim(); }

    /** Whether a build resumes the session an earlier build of the same command and inputs left unfinished. */
    public boolean isResume() { return resume; }
    public void setResume(boolean value) { resume = value; }

    /** Whether resuming also re-runs the jobs that failed or timed out. */
    public boolean isRetryFailed() { return retryFailed; }
    public void setRetryFailed(boolean value) { retryFailed = value; }

    /** A workspace path to write a JUnit XML report of the jobs to, or null for none. */
    public String getJunitReport() { return junitReport; }
    public void setJunitReport(String value) { junitReport = trimToNull(value); }

    /** The command line's {@code --halt}: {@code fail=N}, {@code fail=P%}, optionally after {@code soon,} or {@code now,}. */
    public String getHalt() { return halt; }
    public void setHalt(String value) { halt = trimToNull(value); }

    /** Finished jobs needed before a halt percentage counts ({@code --halt-min}). */
    public int getHaltMin() { return haltMin; }
    public void setHaltMin(int value) { haltMin = value; }

    /** Paths copied back from the worker after each job ({@code --return}), one per line. */
    public String getReturns() { return returns; }
    public void setReturns(String value) { returns = trimToNull(value); }

    /** Megabytes copied back per job at most ({@code --return-max}). */
    public int getReturnMaxMegabytes() { return returnMaxMegabytes; }
    public void setReturnMaxMegabytes(int value) { returnMaxMegabytes = value; }

    /** Names of build environment variables passed to every job ({@code --env}), separated by spaces, commas or lines. */
    public String getEnv() { return env; }
    public void setEnv(String value) { env = trimToNull(value); }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
