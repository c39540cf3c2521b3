package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.cloudtask.core.testing.ChildJvm;
import org.cloudtask.core.testing.DispatchBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million jobs through the whole engine (journal, jobs file, snapshot) in a JVM limited to 256 MB, then a retry of
 * the thousand that failed. Prints the figures (jobs/s, time to first job); asserts only that it all completes.
 */
@Timeout(600)
class MillionJobsTest {

    @TempDir
    Path dir;

    @Test
    void aMillionJobsCompleteWithA256MegabyteHeapAndTheirFailuresCanBeRetried() throws Exception {
        String output = ChildJvm.run(DispatchBenchmark.class, "256m", Duration.ofSeconds(540), dir,
                dir.resolve("sessions").toString(), "1000000", "8", "1000");
        assertThat(output).contains("run: jobs=1000000 ok=999000 failed=1000")
                .contains("retry: jobs=1000000 ok=1000000 failed=0");
    }
}
