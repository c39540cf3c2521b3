package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.Ec2StandInExtension;
import org.cloudtask.ec2.testing.InstanceView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Launches, aborts and resumes many times against the stand-in in its realistic mode, with random consistency delays
 * and answers lost at random (after the call took effect): no instance may be left running, and every instance EC2
 * launched must be in the journal (reported created), since only the journal lets a resume destroy it. The seed is
 * printed; rerun one with {@code -Dcloudtask.chaos.seed=N}.
 */
@Timeout(180)
class Ec2ChaosTest {

    private static final Duration ROUNDS_FOR = Duration.ofSeconds(25);
    private static final int MOST_ROUNDS = 40;

    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private final List<String> log = new CopyOnWriteArrayList<>();

    /** What the engine journals: each created worker, and which of them are destroyed. */
    private static final class Journal implements LaunchListener {
        final Map<String, LaunchedWorker> created = new LinkedHashMap<>();
        final Set<String> destroyed = new java.util.HashSet<>();

        @Override
        public synchronized void created(LaunchedWorker worker) {
            created.put(worker.instanceId(), worker);
        }

        @Override
        public synchronized void ready(LaunchedWorker worker) {
        }

        @Override
        public synchronized void failed(LaunchedWorker worker, String reason) {
            if (worker != null && reason.endsWith("; terminated")) destroyed.add(worker.instanceId());
        }

        synchronized List<LaunchedWorker> live() {
            return created.values().stream().filter(w -> !destroyed.contains(w.instanceId())).toList();
        }

        synchronized void destroyedNow(LaunchedWorker worker) {
            destroyed.add(worker.instanceId());
        }
    }

    @Test
    void launchAbortAndResumeManyTimesLeaveNothingRunningAndEveryInstanceJournaled() throws Exception {
        long seed = Long.getLong("cloudtask.chaos.seed", System.nanoTime());
        System.out.println("Ec2ChaosTest seed " + seed + " (rerun: -Dcloudtask.chaos.seed=" + seed + ")");
        Random random = new Random(seed);
        Ec2StandIn ec2 = standIn.get().realistic().seed(seed).instancesWithoutSshd()
                .newInstancesInvisibleFor(Duration.ZERO, Duration.ofMillis(800))
                .terminatedInstancesVisibleFor(Duration.ofSeconds(2))
                .loseAnswersAtRandom(0.15);
        Journal journal = new Journal();
        Instant end = Instant.now().plus(ROUNDS_FOR);

        int rounds = 0;
        while (rounds < MOST_ROUNDS && Instant.now().isBefore(end)) {
            rounds++;
            // a fresh controller each round, as after a crash or an abort: it first destroys what the journal lists
            try (Ec2Provisioner controller = new Ec2Provisioner(settings(ec2), log::add)) {
                resume(controller, journal);
                BackgroundLaunch launch = BackgroundLaunch.start(controller, 1 + random.nextInt(3), journal);
                // why: the abort comes at a random moment of the launch, which is the point of the test, not a wait
                Thread.sleep(random.nextInt(700));
                if (random.nextBoolean()) {
                    launch.interruptAndAwait();
                } else {
                    launch.awaitEnd();
                }
                if (random.nextInt(3) == 0) resume(controller, journal); // an abort destroys the ready ones; else a crash
            }
        }
        try (Ec2Provisioner last = new Ec2Provisioner(settings(ec2), log::add)) {
            for (int attempt = 0; attempt < 5 && !journal.live().isEmpty(); attempt++) resume(last, journal);
        }

        System.out.println("Ec2ChaosTest: " + rounds + " rounds, " + ec2.instances().size() + " instances launched");
        List<String> launched = ec2.instances().stream().map(InstanceView::id).toList();
        assertThat(journal.created.keySet()).as("every launched instance is journaled (seed " + seed + ")")
                .containsAll(launched);
        assertThat(ec2.liveInstances()).as("nothing left running (seed " + seed + ")").isEmpty();
        assertThat(rounds).isGreaterThan(5);
    }

    /** What a resume does: destroys every worker the journal lists as created and not destroyed. */
    private static void resume(Ec2Provisioner controller, Journal journal) throws InterruptedException {
        for (LaunchedWorker worker : new ArrayList<>(journal.live())) {
            try {
                controller.destroy(worker);
                journal.destroyedNow(worker);
            } catch (IOException e) {
                // left for the next resume, as the engine leaves it in the journal
            }
        }
    }

    private static Ec2Settings settings(Ec2StandIn ec2) {
        return StandInSettings.of(ec2).sessionId("7").controller("chaos")
                .backoff(new Backoff(4, Duration.ofMillis(20), Duration.ofMillis(150))).hostKeyWait(Duration.ofMillis(100))
                .lostAnswerWindow(Duration.ofSeconds(5)).apiTimeout(Duration.ofSeconds(5));
    }
}
