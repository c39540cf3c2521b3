package org.cloudtask.core.engine;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cloudtask.core.job.Job;
import org.cloudtask.core.session.JobsList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When the queue runs dry, one idle launched worker (all its slots) stays as the spare, never a busy one. */
@Timeout(30)
class SpareWorkerTest {

    private final JobQueue queue = new JobQueue(16);
    private final ExecutorService slots = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cloudtask-test-slot");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        queue.stop();
        slots.shutdownNow();
    }

    private CompletableFuture<QueuedJob> launchedSlotTakes(String worker) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take(worker, () -> true, true, () -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, slots);
    }

    @Test
    void oneIdleWorkerKeepsAllItsSlotsAsTheSpareWhileOthersAndBusyWorkersSlotsLeave() throws Exception {
        queue.feed(new QueuedJob(new JobsList.StoredJob(new Job(1, "1", "true 1"), 0), 1, 0));
        queue.feedEnded();
        QueuedJob running = launchedSlotTakes("busy").get();

        CompletableFuture<QueuedJob> busySecondSlot = launchedSlotTakes("busy");
        CompletableFuture<QueuedJob> spareFirstSlot = launchedSlotTakes("idle-a");
        await().pollDelay(ofSeconds(1)).atMost(ofSeconds(5)).until(() -> true);
        CompletableFuture<QueuedJob> spareSecondSlot = launchedSlotTakes("idle-a");
        CompletableFuture<QueuedJob> otherIdle = launchedSlotTakes("idle-b");

        assertThat(busySecondSlot.get()).as("a busy worker is no spare: its failure would take the spare with it").isNull();
        assertThat(otherIdle.get()).as("only one spare worker").isNull();
        await().pollDelay(ofSeconds(1)).atMost(ofSeconds(5)).until(() -> true);
        assertThat(spareFirstSlot).isNotDone();
        assertThat(spareSecondSlot).isNotDone();

        queue.finished(running, true);

        await().atMost(ofSeconds(5)).until(() -> spareFirstSlot.isDone() || spareSecondSlot.isDone());
        CompletableFuture<QueuedJob> taker = spareFirstSlot.isDone() ? spareFirstSlot : spareSecondSlot;
        CompletableFuture<QueuedJob> other = taker == spareFirstSlot ? spareSecondSlot : spareFirstSlot;
        assertThat(taker.get()).isSameAs(running);

        queue.finished(running, false);

        assertThat(other.get()).as("nothing left in flight: the spare leaves too").isNull();
    }
}
