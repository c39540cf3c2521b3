package org.cloudtask.core.engine;

import java.time.Duration;

/**
 * How long the engine waits for a worker's answers about jobs queued ahead (see {@link Lookahead}), and for the
 * journal. Fixed in the
 * product; tests shorten them to run many races quickly.
 *
 * @param withdraw how long a take-back waits for the worker's answer; why 5 s: a worker answers at once, one that
 *                 does not is failing, and the slot that queued the job keeps watching it
 * @param giveUp   how long a slot whose worker failed waits for a queued job's start or withdrawal before it counts
 *                 as never started; why: a failed worker may never report the start nor break the connection
 * @param journalWait how long the end of a run waits for the journal's last commit; one that does not finish in
 *                 time is the run's error (the disk does not answer)
 */
record EngineLimits(Duration withdraw, Duration giveUp, Duration journalWait) {

    static final EngineLimits DEFAULT = new EngineLimits(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(60));
}
