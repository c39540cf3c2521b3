package org.cloudtask.cli.options;

import java.nio.file.Path;
import java.util.Map;
import org.cloudtask.cli.UsageException;
import org.cloudtask.core.input.ShellQuoting;
import picocli.CommandLine.Option;

/** Where sessions live and which saved session to continue. */
public final class SessionOptions {

    @Option(names = "--sessions", paramLabel = "DIR",
            description = "Directory of sessions (default: $CLOUDTASK_SESSIONS, else ~/.cloudtask).")
    Path sessions;

    @Option(names = "--resume", paramLabel = "ID",
            description = "Run the pending jobs of session ID (never started or aborted). Options given with it "
                    + "override the saved ones.")
    Long resume;

    @Option(names = "--retry", paramLabel = "ID",
            description = "Put the failed and timed-out jobs of session ID back in the queue, then resume it.")
    Long retry;

    /** The sessions directory: {@code --sessions}, else {@code $CLOUDTASK_SESSIONS}, else {@code ~/.cloudtask}. */
    public Path directory(Map<String, String> variables, Path home) {
        return directory(sessions, variables, home);
    }

    /** The sessions directory: {@code given} (the option), else {@code $CLOUDTASK_SESSIONS}, else {@code ~/.cloudtask}. */
    public static Path directory(Path given, Map<String, String> variables, Path home) {
        if (given != null) return given;
        String fromEnvironment = variables.get("CLOUDTASK_SESSIONS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return Path.of(fromEnvironment);
        return home.resolve(".cloudtask");
    }

    /** What a resume command must repeat to find the session again: {@code --sessions DIR }, or nothing. */
    public String resumeOption() {
        return sessions == null ? "" : "--sessions " + ShellQuoting.quote(sessions.toString()) + " ";
    }

    public boolean continuesSession() {
        return resume != null || retry != null;
    }

    public boolean retry() {
        return retry != null;
    }

    /** The id of the session to continue; only when {@link #continuesSession()}. */
    public long sessionId() {
        return resume != null ? resume : retry;
    }

    /** Refuses combinations that cannot mean anything. */
    public void check() {
        if (resume != null && retry != null) {
            throw new UsageException(
                    "--resume and --retry cannot be used together: --retry ID re-queues the failed jobs and resumes");
        }
    }
}
