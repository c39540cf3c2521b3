package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(240)
class LargeOutputEndToEndTest {

    private static final long TWO_HUNDRED_MB = 200_000_000L;

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @Test
    void jobPrinting200MegabytesRunsInA64MegabyteHeapAndIsKeptOnDisk() throws Exception {
        CliResult result = cloudtask(sessions, scratch).env("CLOUDTASK_JAVA_OPTS", "-Xmx64m")
                .stdinLines(List.of("yes 0123456789 | head -c " + TWO_HUNDRED_MB)).run(ofSeconds(200));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(sizeOf(sessions.resolve("1"))).isGreaterThanOrEqualTo(TWO_HUNDRED_MB);
    }

    private static long sizeOf(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
