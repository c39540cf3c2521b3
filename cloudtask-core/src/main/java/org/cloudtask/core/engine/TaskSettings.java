package org.cloudtask.core.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * What a task runs and how, as the engine needs it. Defaults are the CLI's. Saved in the session (never secrets) so
 * that a resume runs the same task; a resume may change split, timeouts and workers.
 */
public final class TaskSettings {

    private String command;
    private int split = 1;
    private Duration timeout = Duration.ofHours(1);
    private Duration killGrace = Duration.ofSeconds(5);
    private int retries;
    private int strikes;
    private List<WorkerAddress> workers = new ArrayList<>();
    private int slotsPerWorker = 1;
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration pingTimeout = Duration.ofSeconds(10);
    private int pingRetries = 3;
    private Duration bootTimeout = Duration.ofSeconds(600);
    private Duration setupTimeout = Duration.ofSeconds(300);
    private String pre;
    private String post;
    private Path overlay;
    private Map<String, String> jobEnvironment = new LinkedHashMap<>();
    private Map<String, String> frontEnd = new LinkedHashMap<>();
    private Double instancePrice;
    private Path jobLog;
    private java.util.List<String> passedEnvironment = new ArrayList<>();
    private HaltPolicy halt;
    private java.util.List<String> returns = new ArrayList<>();
    private long returnMax = 100L * 1024 * 1024;
    private boolean lookahead = true;
    private java.util.List<org.cloudtask.core.worker.TransferFile> transfers = new ArrayList<>();
    private Boolean keepWorkdir;

    private org.cloudtask.core.input.InputMode inputMode = org.cloudtask.core.input.InputMode.WORDS;

    /** How input lines become words: split like a shell (the default), one line or one NUL-ended record each. */
    public org.cloudtask.core.input.InputMode inputMode() { return inputMode; }
    public TaskSettings inputMode(org.cloudtask.core.input.InputMode value) {
        inputMode = java.util.Objects.requireNonNull(value, "inputMode");
        return this;
    }

    /** The command each input line's words are appended to; null when each line is the command. */
    public String command() { return command; }
    public TaskSettings command(String value) { command = value; return this; }

    /** Workers wanted: the pre-listed ones first, the rest launched. */
    public int split() { return split; }
    public TaskSettings split(int value) { split = value; return this; }

    /** Wall-clock limit per job attempt. */
    public Duration timeout() { return timeout; }
    public TaskSettings timeout(Duration value) { timeout = value; return this; }

    /** Time between TERM and KILL when a job is killed. */
    public Duration killGrace() { return killGrace; }
    public TaskSettings killGrace(Duration value) { killGrace = value; return this; }

    /** Extra attempts for a job that failed (non-zero exit or timeout). */
    public int retries() { return retries; }
    public TaskSettings retries(int value) { retries = value; return this; }

    /** Consecutive failures after which a worker is retired; 0 = never. */
    public int strikes() { return strikes; }
    public TaskSettings strikes(int value) { strikes = value; return this; }

    /** Pre-listed workers, used first and never destroyed. */
    public List<WorkerAddress> workers() { return workers; }
    public TaskSettings workers(List<WorkerAddress> value) { workers = new ArrayList<>(value); return this; }

    /** Jobs a worker runs at once unless its address says otherwise. */
    public int slotsPerWorker() { return slotsPerWorker; }
    public TaskSettings slotsPerWorker(int value) { slotsPerWorker = value; return this; }

    public Duration pingInterval() { return pingInterval; }
    public TaskSettings pingInterval(Duration value) { pingInterval = value; return this; }

    public Duration pingTimeout() { return pingTimeout; }
    public TaskSettings pingTimeout(Duration value) { pingTimeout = value; return this; }

    /** Consecutive failed pings after which a worker has failed. */
    public int pingRetries() { return pingRetries; }
    public TaskSettings pingRetries(int value) { pingRetries = value; return this; }

    /** How long a launched worker may take to answer its first connection. */
    public Duration bootTimeout() { return bootTimeout; }
    public TaskSettings bootTimeout(Duration value) { bootTimeout = value; return this; }

    /** Limit for the overlay copy and the pre command together. */
    public Duration setupTimeout() { return setupTimeout; }
    public TaskSettings setupTimeout(Duration value) { setupTimeout = value; return this; }

    /** Command run on each worker before its first job; must exit 0. Null for none. */
    public String pre() { return pre; }
    public TaskSettings pre(String value) { pre = value; return this; }

    /** Command run on each worker when it has no more work; errors are logged. Null for none. */
    public String post() { return post; }
    public TaskSettings post(String value) { post = value; return this; }

    /** Directory copied onto each worker's root before the pre command. Null for none. */
    public Path overlay() { return overlay; }
    public TaskSettings overlay(Path value) { overlay = value; return this; }

    /**
     * Variables with their values put into every job's environment (the CLI's {@code --env}). Values are never saved
     * with the session (they may be secrets): only {@link #passedEnvironment()} names are, and a front end reads the
     * values again when it resumes.
     */
    public Map<String, String> jobEnvironment() { return jobEnvironment; }
    public TaskSettings jobEnvironment(Map<String, String> value) { jobEnvironment = new LinkedHashMap<>(value); return this; }

    /**
     * Front-end settings the engine does not interpret but saves with the session so a resume can rebuild the same
     * transport and provisioner (host-key policy, identity file paths, EC2 region). Never secrets.
     */
    public Map<String, String> frontEnd() { return frontEnd; }
    public TaskSettings frontEnd(Map<String, String> value) { frontEnd = new LinkedHashMap<>(value); return this; }

    /** A file that gets one line per finished attempt in GNU parallel's {@code --joblog} format; null for none. */
    /** Price per hour of one launched worker, for the cost in the summary; null when not known. */
    public Double instancePrice() { return instancePrice; }
    public TaskSettings instancePrice(Double value) { instancePrice = value; return this; }

    public Path jobLog() { return jobLog; }
    public TaskSettings jobLog(Path value) { jobLog = value; return this; }

    /** Names of the controller's variables passed into every job ({@code --env NAME}); saved, unlike their values. */
    public java.util.List<String> passedEnvironment() { return passedEnvironment; }
    public TaskSettings passedEnvironment(java.util.List<String> value) { passedEnvironment = new ArrayList<>(value); return this; }

    /** When to stop a run whose jobs fail too often ({@code --halt}); null = never. */
    public HaltPolicy halt() { return halt; }
    public TaskSettings halt(HaltPolicy value) { halt = value; return this; }

    /** Files copied back from the worker after each job ({@code --return}), relative to the job's directory. */
    public java.util.List<String> returns() { return returns; }
    public TaskSettings returns(java.util.List<String> value) { returns = new ArrayList<>(value); return this; }

    /** Bytes of {@link #returns()} copied back per job at most ({@code --return-max}). */
    public long returnMax() { return returnMax; }
    public TaskSettings returnMax(long value) { returnMax = value; return this; }

    /**
     * Whether a slot hands its worker the next job while the current one runs, when the transport can queue (not
     * saved in the session: a switch for tests and benchmarks). Never with {@link #returns()}: a job's files are
     * copied back after it ends, before the next job may start in the same directory.
     */
    public boolean lookahead() { return lookahead; }
    public TaskSettings lookahead(boolean value) { lookahead = value; return this; }

    /**
     * Files copied to each worker once, before its first job, into a working directory of the session there
     * ({@code --transfer}); jobs, pre and post then run in that directory. Empty: jobs run in the login's home.
     */
    public java.util.List<org.cloudtask.core.worker.TransferFile> transfers() { return transfers; }
    public TaskSettings transfers(java.util.List<org.cloudtask.core.worker.TransferFile> value) {
        transfers = new ArrayList<>(value);
        return this;
    }

    /** Whether the workers' working directories of {@link #transfers()} stay after the task; null means no. */
    public Boolean keepWorkdir() { return keepWorkdir; }
    public TaskSettings keepWorkdir(Boolean value) { keepWorkdir = value; return this; }
}
