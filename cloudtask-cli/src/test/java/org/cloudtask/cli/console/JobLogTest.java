package org.cloudtask.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.cloudtask.core.engine.AttemptEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTest {

    @TempDir
    Path dir;

    private static AttemptEvent finished(long id, String result, boolean willRetry) {
        Instant start = Instant.ofEpochMilli(1_700_000_000_250L);
        return new AttemptEvent(id, 1, "x", "echo " + id, "local-1", start, start.plusMillis(1500), result, willRetry);
    }

    @Test
    void writesGnuParallelColumnsForEachResult() throws Exception {
        Path file = dir.resolve("joblog");
        try (JobLog log = JobLog.appendingTo(file)) {
            log.attemptFinished(finished(1, "EXIT=0", false));
            log.attemptFinished(finished(2, "EXIT=3", true));
            log.attemptFinished(finished(2, "TIMEOUT", false));
            log.attemptFinished(finished(3, "ABORTED", false));
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand",
                "1\tlocal-1\t1700000000.250\t1.500\t0\t0\t0\t0\techo 1",
                "2\tlocal-1\t1700000000.250\t1.500\t0\t0\t-1\t15\techo 2");
    }

    @Test
    void aResumeAppendsWithoutASecondHeader() throws Exception {
        Path file = dir.resolve("joblog");
        try (JobLog log = JobLog.appendingTo(file)) {
            log.attemptFinished(finished(1, "EXIT=0", false));
        }
        try (JobLog log = JobLog.appendingTo(file)) {
            log.attemptFinished(finished(2, "EXIT=0", false));
        }

        assertThat(Files.readAllLines(file)).hasSize(3).filteredOn(l -> l.startsWith("Seq")).hasSize(1);
    }
}
