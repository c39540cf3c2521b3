package org.cloudtask.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a report with a golden file under src/test/resources/org/cloudtask/core/report/, with durations replaced
 * by {@code H:MM:SS.S} (they vary from run to run). {@code -Dgolden.update=true} rewrites the files instead.
 */
final class Golden {

    private Golden() {
    }

    static String normalised(String report) {
        return report.replaceAll("\\d+:\\d\\d:\\d\\d\\.\\d", "H:MM:SS.S");
    }

    static void assertMatches(String name, String report) throws IOException {
        String actual = normalised(report);
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/org/cloudtask/core/report", name);
            Files.writeString(file, actual);
            return;
        }
        try (InputStream in = Golden.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
