package org.cloudtask.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkerThreadsTest {

    @Test
    void virtualOnlyWhenAskedForAndOnJava24OrNewer() throws Exception {
        boolean expected = Runtime.version().feature() >= 24 && Boolean.getBoolean("cloudtask.virtualThreads");
        AtomicBoolean ran = new AtomicBoolean();

        Thread thread = WorkerThreads.unstarted("cloudtask-test", () -> ran.set(true));
        thread.start();
        thread.join();

        assertThat(WorkerThreads.virtual()).isEqualTo(expected);
        assertThat(thread.getName()).isEqualTo("cloudtask-test");
        assertThat(ran).isTrue();
    }
}
