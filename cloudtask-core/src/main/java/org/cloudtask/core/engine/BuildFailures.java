package org.cloudtask.core.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.job.Job;
import org.cloudtask.core.job.JobState;
import org.cloudtask.core.job.JobStates;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.text.LosslessText;

/**
 * Jobs whose input line could not become a job (an unclosed quote, a NUL byte, a line over 16 MiB): each is recorded
 * as a failed job, so no input line is ever lost, and every summary names them.
 */
final class BuildFailures {

    /** Named one by one at the end of a run; more are counted. */
    static final int NAMED = 3;
    // why: bounds the scan of a session with very many failures; the jobs file names the rest
    private static final int SCANNED = 100_000;

    private BuildFailures() {
    }

    /** The status line of such a job: {@code job 3 failed to build: input line 3: the single quote ...}. */
    static String line(Job job) {
        return "job " + job.id() + " failed to build: " + LosslessText.printable(job.buildProblem());
    }

    /** The session's jobs that failed to build (at most {@code limit}), from its failed jobs. */
    static List<Job> of(Session session, JobStates states, int limit) throws IOException {
        List<Job> found = new ArrayList<>();
        long next = 1;
        long scanned = 0;
        long[] ids;
        while (found.size() < limit && scanned < SCANNED
                && (ids = states.idsIn(JobState.FAILED, next, 1024)).length > 0) {
            for (long id : ids) {
                if (found.size() < limit && session.jobs().failedToBuild(id)) found.add(session.jobs().read(id).job());
            }
            scanned += ids.length;
            next = ids[ids.length - 1] + 1;
        }
        return found;
    }

    /** Lines for the end of a run naming the jobs that failed to build, none when there are none. */
    static List<String> summaryLines(Session session, JobStates states) {
        List<String> lines = new ArrayList<>();
        try {
            List<Job> jobs = of(session, states, NAMED + 1);
            for (int i = 0; i < Math.min(NAMED, jobs.size()); i++) lines.add(line(jobs.get(i)));
            if (jobs.size() > NAMED) {
                lines.add("more jobs failed to build: the jobs file of session " + session.id() + " marks each INVALID");
            }
            if (!jobs.isEmpty()) {
                lines.add("the failed file " + session.directory().resolve("failed") + " holds their input lines;"
                        + " fix them and run that file as a new task");
            }
        } catch (IOException e) {
            lines.add("cannot read the jobs of session " + session.id() + ": " + e.getMessage());
        }
        return lines;
    }
}
