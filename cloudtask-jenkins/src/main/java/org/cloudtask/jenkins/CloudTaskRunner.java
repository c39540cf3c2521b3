package org.cloudtask.jenkins;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.DirScanner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerAddresses;
import org.cloudtask.jenkins.support.BuildEvents;
import org.cloudtask.jenkins.support.BuildOutcome;
import org.cloudtask.jenkins.support.EngineCall;
import org.cloudtask.jenkins.support.JobRecord;
import org.cloudtask.jenkins.support.JunitReport;
import org.cloudtask.jenkins.support.KeyMaterial;
import org.cloudtask.jenkins.support.ParameterCheck;
import org.cloudtask.jenkins.support.RecordingTransport;
import org.cloudtask.jenkins.support.ResumeDecision;
import org.cloudtask.jenkins.support.ResumeMatcher;
import org.cloudtask.jenkins.support.RunningEngines;
import org.cloudtask.jenkins.support.SettingsMapper;
import org.cloudtask.jenkins.support.SshTransportFactory;
import org.cloudtask.jenkins.support.StopOrder;
import org.cloudtask.jenkins.support.TaskFingerprint;
import org.cloudtask.jenkins.support.TaskParameters;
import org.cloudtask.jenkins.support.WorkspaceLocation;

/**
 * One run of a task in one build, shared by the Pipeline step and the freestyle builder: reads the inputs through
 * the workspace, decides whether to resume an earlier build's session, wires the SSH transport and the EC2 plugin
 * provisioner into the engine, and reports to the console, the build page and the build result.
 */
final class CloudTaskRunner {

    private final TaskParameters parameters;
    private final Run<?, ?> run;
    private final FilePath workspace;
    private final TaskListener listener;
    private final Map<String, String> environment;
    private final StopOrder stops;
    private final Consumer<String> unstable;
    private CloudTask engine;

    /**
     * @param environment the build's variables, which the {@code env} field's names are read from
     * @param stops       where aborts go: the engine's abort once it exists (first gentle, second hard)
     * @param unstable    marks the step's own node unstable with the message (Pipeline); freestyle has none
     */
    CloudTaskRunner(TaskParameters parameters, Run<?, ?> run, FilePath workspace, TaskListener listener,
                    Map<String, String> environment, StopOrder stops, Consumer<String> unstable) {
        this.parameters = parameters;
        this.run = run;
        this.workspace = workspace;
        this.listener = listener;
        this.environment = environment == null ? Map.of() : Map.copyOf(environment);
        this.stops = stops;
        this.unstable = unstable;
    }

    Summary run() throws IOException, InterruptedException {
        List<String> problems = ParameterCheck.problems(parameters);
        if (!problems.isEmpty()) throw new AbortException("cloudtask: " + problems.get(0));
        // why: before any job runs, not only when the report is written at the end (checked again then)
        if (parameters.getJunitReport() != null) refuseLinksOut("junitReport", parameters.getJunitReport(), false);
        PrintStream console = listener.getLogger();
        Path sessions = BuildHistory.sessionsDirectory(run);
        String fingerprint = TaskFingerprint.of(parameters.getCommand(), inputsDigest());
        ResumeDecision decision = ResumeMatcher.decide(fingerprint, parameters.isResume(), parameters.isRetryFailed(),
                BuildHistory.earlierRuns(run, sessions));
        console.println("cloudtask: " + decision.describe());

        CloudTaskAction action = CloudTaskAction.attach(run, fingerprint, decision);
        if (decision.mode() != ResumeDecision.Mode.FRESH) {
            BuildHistory.carryOver(run, decision, fingerprint, action.table(), parameters.isRetryFailed());
        }
        KeyMaterial key = SshCredentials.keyFor(parameters.getCredentialsId(), parameters.getUser(), run);
        List<WorkerAddress> workers = workers();
        Transport transport = new RecordingTransport(
                new SshTransportFactory().create(key, parameters.getHostKeyPolicy(), BuildHistory.knownHosts(run),
                        warning -> console.println("cloudtask: warning: " + warning)),
                action.outputs());
        Path overlay = null;
        // why this order: resources close in reverse, so the shutdown abort (ControllerShutdown) waits for the
        // provisioner's close too, which terminates any instance the engine did not get to
        try (RunningEngines.Registration running = ControllerShutdown.RUNNING.register(this::abort);
             Ec2PluginProvisioner ec2 = Ec2PluginProvisioner.of(parameters.getCloud(), parameters.getTemplate(), console)) {
            overlay = localOverlay();
            Provisioner provisioner = ec2 == null ? Provisioner.NONE : ec2;
            engine = CloudTask.builder()
                    .sessionsDirectory(sessions)
                    .transport(transport)
                    .provisioner(provisioner)
                    .events(new BuildEvents(console, action.table(), run.getNumber()))
                    .build();
            stops.engineStarted(engine::abort);
            Summary summary = runEngine(decision, fingerprint, workers, key.user(), overlay);
            action.finished(summary, run);
            if (Thread.interrupted() || summary.aborted()) {
                // why: the build was aborted; the engine has wound down (jobs killed, instances terminated, saved).
                // Said in the console too: a Pipeline step ends with the stop's own cause, not this exception.
                console.println(PluginText.get("CloudTaskRunner.aborted"));
                throw new InterruptedException(PluginText.get("CloudTaskRunner.aborted"));
            }
            writeJunitReport(action, summary);
            applyResult(summary);
            return summary;
        } finally {
            if (overlay != null) new FilePath(overlay.toFile()).deleteRecursive();
        }
    }

    /** Called from another thread when the build is aborted or the controller shuts down. Never blocks. */
    void abort() {
        stops.stop(new InterruptedException(PluginText.get("CloudTaskRunner.aborted")));
    }

    private Summary runEngine(ResumeDecision decision, String fingerprint, List<WorkerAddress> workers, String user,
                              Path overlay) throws IOException {
        String runId = run.getExternalizableId();
        try {
            return EngineCall.run("cloudtask-jenkins-" + runId, () -> switch (decision.mode()) {
                case FRESH -> {
                    TaskSettings settings = SettingsMapper.withEnvironment(
                            SettingsMapper.toSettings(parameters, workers, user, overlay, runId, fingerprint), environment);
                    try (InputStream inputs = openInputs()) {
                        yield engine.run(settings, inputs);
                    }
                }
                case RESUME -> engine.resume(decision.sessionId(), saved -> SettingsMapper.withEnvironment(
                        SettingsMapper.applyResumeOverrides(saved, parameters, workers, user, runId), environment));
                case RETRY -> engine.retry(decision.sessionId(), saved -> SettingsMapper.withEnvironment(
                        SettingsMapper.applyResumeOverrides(saved, parameters, workers, user, runId), environment));
            }, this::abort);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CloudTaskException problem) {
                if (problem.exitCode() == 0) {
                    // why: not an error for the command line either (e.g. "no jobs" for an empty input)
                    listener.getLogger().println("cloudtask: " + problem.getMessage());
                    return new Summary(decision.sessionId(), Duration.ZERO, 0, 0, 0, 0, 0, 0, false, null);
                }
                throw new AbortException("cloudtask: " + problem.getMessage());
            }
            throw new IOException("cloudtask stopped on an unexpected error", e.getCause());
        }
    }

    /**
     * FAILURE stops the build: the step throws, so later freestyle steps and the rest of the Pipeline do not run.
     * UNSTABLE marks the build and (in a Pipeline) the step's node, so its stage shows unstable, as the
     * {@code unstable} step does; the build goes on.
     */
    private void applyResult(Summary summary) throws AbortException {
        String message = BuildOutcome.message(summary);
        switch (BuildOutcome.of(summary, parameters.getFailBuildOn())) {
            case UNSTABLE -> {
                run.setResult(Result.UNSTABLE);
                listener.getLogger().println("WARNING: " + message);
                unstable.accept(message);
            }
            case FAILURE -> throw new AbortException(message);
            default -> { }
        }
    }

    private String inputsDigest() throws IOException, InterruptedException {
        if (parameters.getInputsText() != null) return TaskFingerprint.ofText(parameters.getInputsText());
        return inputsFile().digest();
    }

    private FilePath inputsFile() throws IOException, InterruptedException {
        refuseLinksOut("inputs", parameters.getInputs(), false);
        FilePath file = workspace.child(parameters.getInputs());
        if (!file.exists()) {
            throw new AbortException(PluginText.get("CloudTaskRunner.noInputs", parameters.getInputs(), workspace.getRemote()));
        }
        return file;
    }

    /** The inputs as a stream: a workspace file is read through the agent's channel as the engine consumes it. */
    private InputStream openInputs() throws IOException, InterruptedException {
        if (parameters.getInputsText() != null) {
            return new ByteArrayInputStream(parameters.getInputsText().getBytes(StandardCharsets.UTF_8));
        }
        return inputsFile().read();
    }

    /** The {@code workers} field: a workspace file of addresses if one has that name, else the addresses. */
    private List<WorkerAddress> workers() throws IOException, InterruptedException {
        String value = parameters.getWorkers();
        if (value == null) return List.of();
        try {
            boolean maybeFile = !value.contains("\n") && ParameterCheck.workspacePath("workers", value.trim()).isEmpty();
            FilePath file = maybeFile ? workspace.child(value.trim()) : null;
            boolean isFile = file != null && file.exists() && !file.isDirectory();
            if (isFile) refuseLinksOut("workers", value.trim(), false);
            String text = isFile ? file.readToString() : value;
            return WorkerAddresses.parse(text);
        } catch (IllegalArgumentException bad) {
            throw new AbortException("cloudtask: " + bad.getMessage());
        }
    }

    /** The engine copies the overlay from a local directory; the workspace may be on an agent, so copy it here. */
    private Path localOverlay() throws IOException, InterruptedException {
        if (parameters.getOverlay() == null) return null;
        refuseLinksOut("overlay", parameters.getOverlay(), true);
        FilePath source = workspace.child(parameters.getOverlay());
        if (!source.isDirectory()) {
            throw new AbortException(PluginText.get("CloudTaskRunner.noOverlay", parameters.getOverlay()));
        }
        Path copy = Files.createTempDirectory("cloudtask-overlay-");
        // why not copyRecursiveTo(target): it scans with Ant's default excludes (core 2.504.3 DirScanner.Glob,
        // useDefaultExcludes = true), silently leaving out of the overlay files such as .gitignore, *~ or .git/
        source.copyRecursiveTo(new DirScanner.Glob("**/*", null, false), new FilePath(copy.toFile()), "overlay");
        return copy;
    }

    /**
     * Writes the report in one blocking call. why: {@code FilePath.write()} returns a stream whose writes reach a
     * remote workspace asynchronously (its javadoc), so a {@code junit} step right after could read half a report;
     * {@code write(String, String)} returns once the agent has written the file.
     */
    private void writeJunitReport(CloudTaskAction action, Summary summary) throws IOException, InterruptedException {
        if (parameters.getJunitReport() == null) return;
        refuseLinksOut("junitReport", parameters.getJunitReport(), false);
        FilePath target = workspace.child(parameters.getJunitReport());
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try {
            JunitReport.write("cloudtask session " + summary.sessionId(), action.table().latestByJob().values().stream().filter(JobRecord::isFinal).toList(),
                    summary.pending(), report);
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report " + target.getRemote(), e);
        }
        target.write(report.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8.name());
    }

    /**
     * Refuses a workspace path whose real location, links followed, is outside the workspace. Only where the
     * workspace is the controller's own file system (the built-in node). why only there: on an agent, a link reaches
     * only that agent's files, which the build's own steps can read and write anyway.
     */
    private void refuseLinksOut(String field, String path, boolean tree) throws IOException {
        if (workspace.isRemote()) return;
        Path root = Path.of(workspace.getRemote());
        Optional<String> problem = tree ? WorkspaceLocation.treeProblem(field, root, path)
                : WorkspaceLocation.problem(field, root, path);
        if (problem.isPresent()) throw new AbortException("cloudtask: " + problem.get());
    }
}
