package org.cloudtask.core.testing;

import java.util.List;
import java.util.SplittableRandom;
import org.cloudtask.core.worker.CommandRequest;

/** What the randomized stress tests share: replayable randomness per attempt, and what a failure shows. */
public final class StressRuns {

    private StressRuns() {
    }

    /** A random source for one attempt of one job: the same for the same seed whichever thread asks first. */
    public static SplittableRandom random(long runSeed, CommandRequest request, int purpose) {
        long job = job(request);
        long attempt = Long.parseLong(request.environment().get("CLOUDTASK_ATTEMPT"));
        return new SplittableRandom(runSeed ^ (job * 0x9E3779B97F4A7C15L) ^ (attempt << 40) ^ purpose);
    }

    /** The job a command belongs to. */
    public static long job(CommandRequest request) {
        return Long.parseLong(request.environment().get("CLOUDTASK_JOB"));
    }

    /** The last 40 lines, for a failure's message. */
    public static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 40), lines.size());
    }
}
