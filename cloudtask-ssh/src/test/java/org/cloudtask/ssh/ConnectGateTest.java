package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConnectGateTest {

    @Test
    void neverMoreHandshakesInFlightThanAllowed() throws Exception {
        ConnectGate gate = new ConnectGate(1000, 3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(20);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(new Thread(() -> {
                try (ConnectGate.Permit permit = gate.enter()) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.sleep(5);
                    inside.decrementAndGet();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                } finally {
                    done.countDown();
                }
            }, "cloudtask-test-handshake-" + i));
        }
        threads.forEach(Thread::start);

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void backoffIsJitteredAndCapped() {
        for (int attempt = 0; attempt < 20; attempt++) {
            long ceiling = Math.min(5_000, 200L << Math.min(attempt, 10));
            assertThat(ConnectGate.backoffMillis(attempt)).isBetween(ceiling / 2, ceiling);
        }
    }
}
