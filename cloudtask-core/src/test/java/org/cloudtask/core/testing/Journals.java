package org.cloudtask.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cloudtask.core.session.SessionReader;
import org.cloudtask.core.session.SessionReader.AttemptRecord;

/** Questions tests ask of a session's journal. */
public final class Journals {

    private Journals() {
    }

    public static List<AttemptRecord> attempts(Path sessionDir) {
        try {
            return SessionReader.attempts(sessionDir);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** For every job with a final result: how many final results it has (should be exactly one each). */
    public static Map<Long, Long> finalResultsPerJob(Path sessionDir) {
        return attempts(sessionDir).stream().filter(AttemptRecord::isFinal)
                .collect(Collectors.groupingBy(AttemptRecord::job, TreeMap::new, Collectors.counting()));
    }

    /** How many attempts of each job were recorded (started and ended). */
    public static Map<Long, Long> attemptsPerJob(Path sessionDir) {
        return attempts(sessionDir).stream()
                .collect(Collectors.groupingBy(AttemptRecord::job, TreeMap::new, Collectors.counting()));
    }

    public static String output(Path sessionDir, AttemptRecord attempt) {
        try (InputStream in = SessionReader.output(sessionDir, attempt)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
