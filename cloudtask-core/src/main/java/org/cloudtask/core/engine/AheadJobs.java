package org.cloudtask.core.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The run's jobs queued on workers that have not started yet: a slot that runs dry takes one back rather than sit
 * idle while it waits behind a long job, and a second abort withdraws them all before killing.
 */
final class AheadJobs {

    private final Set<Ahead> queued = new LinkedHashSet<>();

    synchronized void add(Ahead ahead) {
        queued.add(ahead);
    }

    /** It started or went back: nobody else should try to take it. */
    synchronized void remove(Ahead ahead) {
        queued.remove(ahead);
    }

    /** One for {@code worker} to take back (the oldest, not one that failed there), removed from the list; or null. */
    synchronized Ahead claim(String worker) {
        for (Iterator<Ahead> it = queued.iterator(); it.hasNext(); ) {
            Ahead ahead = it.next();
            if (!ahead.job().hasFailedOn(worker)) {
                it.remove();
                return ahead;
            }
        }
        return null;
    }

    /** Removes and returns them all. */
    synchronized List<Ahead> claimAll() {
        List<Ahead> all = new ArrayList<>(queued);
        queued.clear();
        return all;
    }
}
