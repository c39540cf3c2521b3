package org.cloudtask.jenkins;

import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import jenkins.model.RunAction2;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.report.HtmlReport;
import org.cloudtask.core.report.SessionReport;
import org.cloudtask.jenkins.support.JobOutputStore;
import org.cloudtask.jenkins.support.JobRecord;
import org.cloudtask.jenkins.support.JobTable;
import org.cloudtask.jenkins.support.PreviousRun;
import org.cloudtask.jenkins.support.ResumeDecision;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * What one {@code cloudtask} step did in a build: its counts (saved in the build's record), its job table and
 * each job's output (files under {@code <build>/cloudtask-<n>/}, read only when a page asks for them). A build with
 * several cloudtask steps has one action per step.
 */
public final class CloudTaskAction implements RunAction2 {

    private final int index;
    private final String fingerprint;
    private final String resumedFrom;
    private long sessionId;
    private boolean finished;
    private long total;
    private long ok;
    private long failed;
    private long timeouts;
    private long pending;
    private long elapsedMillis;
    private List<String> workersUsed = new ArrayList<>();
    private transient Run<?, ?> run;

    private CloudTaskAction(int index, String fingerprint, ResumeDecision decision) {
        this.index = index;
        this.fingerprint = fingerprint;
        this.sessionId = decision.sessionId();
        this.resumedFrom = decision.mode() == ResumeDecision.Mode.FRESH ? null : "#" + decision.fromBuild();
    }

    /** Adds a new action to the build and saves the build, so that a controller crash keeps the task's record. */
    static CloudTaskAction attach(Run<?, ?> run, String fingerprint, ResumeDecision decision) throws IOException {
        CloudTaskAction action;
        synchronized (run) { // why: parallel branches of one Pipeline may start cloudtask steps at once
            action = new CloudTaskAction(run.getActions(CloudTaskAction.class).size() + 1, fingerprint, decision);
            run.addAction(action);
        }
        run.save();
        return action;
    }

    void finished(Summary summary, Run<?, ?> owner) throws IOException {
        sessionId = summary.sessionId();
        total = summary.total();
        ok = summary.ok();
        failed = summary.failed();
        timeouts = summary.timeouts();
        pending = summary.pending();
        elapsedMillis = summary.elapsed().toMillis();
        workersUsed = workersOfThisBuild(owner.getNumber());
        finished = true;
        owner.save();
    }

    PreviousRun toPreviousRun(int buildNumber, LongSupplier sessionOfCrashedBuild) {
        long session = sessionId != 0 || finished ? sessionId : sessionOfCrashedBuild.getAsLong();
        return new PreviousRun(buildNumber, fingerprint, session, finished, pending, failed + timeouts);
    }

    JobTable table() {
        return new JobTable(directory().resolve("jobs.tsv"));
    }

    JobOutputStore outputs() {
        return new JobOutputStore(directory().resolve("output"));
    }

    private Path directory() {
        return run.getRootDir().toPath().resolve("cloudtask-" + index);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-terminal";
    }

    @Override
    public String getDisplayName() {
        return sessionId == 0 ? "cloudtask" : "cloudtask session " + sessionId;
    }

    @Override
    public String getUrlName() {
        return "cloudtask-" + index;
    }

    public Run<?, ?> getRun() { return run; }
    public String getFingerprint() { return fingerprint; }
    public long getSessionId() { return sessionId; }
    public boolean isFinished() { return finished; }
    public String getResumedFrom() { return resumedFrom; }
    public long getTotal() { return total; }
    public long getOk() { return ok; }
    public long getFailed() { return failed; }
    public long getTimeouts() { return timeouts; }
    public long getPending() { return pending; }

    public String getElapsed() {
        Duration d = Duration.ofMillis(elapsedMillis);
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    /** The table's rows, one per job (its last attempt), for index.jelly. */
    public List<JobRecord> getJobs() {
        return new ArrayList<>(table().latestByJob().values());
    }

    /** The workers that ran this build's attempts, for summary.jelly (kept in the build record: no table read). */
    public List<String> getWorkersUsed() {
        return workersUsed == null ? List.of() : workersUsed;
    }

    private List<String> workersOfThisBuild(int number) {
        Set<String> workers = new TreeSet<>();
        table().forEach(r -> {
            if (r.build() == number) workers.add(r.worker());
        });
        return new ArrayList<>(workers);
    }

    /** A row's duration as {@code h:mm:ss.s}. */
    public String duration(JobRecord job) {
        Duration d = job.duration();
        return String.format("%d:%02d:%02d.%d", d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart() / 100);
    }

    /** Where a row's output is served: this build's, or the earlier build's that produced a carried-over result. */
    public String outputLink(JobRecord job) {
        if (job.neverRuns()) return null; // a job that failed to build has no output
        String query = "output?job=" + job.jobId() + "&attempt=" + job.attempt();
        if (job.build() == run.getNumber()) return query;
        Run<?, ?> producer = run.getParent().getBuildByNumber(job.build());
        if (producer == null) return null;
        for (CloudTaskAction action : producer.getActions(CloudTaskAction.class)) {
            if (action.fingerprint.equals(fingerprint)) {
                return "../../" + job.build() + "/" + action.getUrlName() + "/" + query;
            }
        }
        return null;
    }

    /**
     * The session's timeline, duration histogram, failures and job table, drawn by the same renderer as
     * {@code cloudtask report --html}. Only the element and its JSON data: the style and the script are served by
     * {@link #doReportCss} and {@link #doReportScript}, so the page needs no inline script (Jenkins' CSP).
     * Read-only: safe while the build runs. Empty before the session exists.
     */
    public String getReportBody() throws IOException {
        if (sessionId == 0) return "";
        Path session = BuildHistory.sessionsDirectory(run).resolve(Long.toString(sessionId));
        return Files.isDirectory(session) ? HtmlReport.body(SessionReport.read(session)) : "";
    }

    public void doReportCss(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        serve(response, "text/css;charset=UTF-8", HtmlReport.css());
    }

    public void doReportScript(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        serve(response, "application/javascript;charset=UTF-8", HtmlReport.script());
    }

    private static void serve(StaplerResponse2 response, String contentType, String text) throws IOException {
        response.setContentType(contentType);
        try (OutputStream out = response.getOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Streams one attempt's output as plain text, straight from its file. */
    public void doOutput(StaplerRequest2 request, StaplerResponse2 response, @QueryParameter long job,
                         @QueryParameter int attempt) throws IOException {
        if (job < 1 || attempt < 1) {
            response.sendError(404, "no such job attempt");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        try (OutputStream out = response.getOutputStream()) {
            outputs().copyTo(job, attempt, out);
        }
    }
}
