package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.cloudtask.core.testing.ChildJvm;
import org.cloudtask.core.testing.EngineBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/engine.sh's benchmark, small (10,000 jobs, 100 left to run again), so that it cannot rot: every step runs
 * every job. Prints the figures; judges none.
 */
@Timeout(180)
class EngineBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theEngineBenchmarkRunsEveryJobAndResumesThePendingOnesWithAndWithoutSnapshot() throws Exception {
        String output = ChildJvm.run(EngineBenchmark.class, "256m", Duration.ofSeconds(150), dir,
                dir.toString(), "10000", "100");
        assertThat(output).contains("input: jobs=10000 ran=10000 ok=9900 failed=100 pending=0",
                "crash-retry: jobs=10000 ran=100 ok=10000 failed=0 pending=0",
                "retry: jobs=10000 ran=100 ok=10000 failed=0 pending=0");
    }
}
