package org.cloudtask.jenkins.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.cloudtask.core.engine.TaskSettings;

/**
 * Finds the session a build ran when the build could not record it (the controller stopped mid-build): sessions are
 * the numbered directories of the job's sessions directory, and each saved its settings with the build's id among
 * the front-end values.
 */
public final class SessionLocator {

    private SessionLocator() {
    }

    /**
     * @param savedSettings reads a session's saved settings ({@code CloudTask.savedSettings} in production)
     */
    public static OptionalLong sessionOf(Path sessionsDirectory, String runId, LongFunction<TaskSettings> savedSettings) {
        if (!Files.isDirectory(sessionsDirectory)) return OptionalLong.empty();
        try (Stream<Path> entries = Files.list(sessionsDirectory)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[1-9][0-9]{0,17}"))
                    .map(Long::valueOf)
                    .sorted(Comparator.reverseOrder())
                    .filter(id -> runId.equals(frontEndRun(savedSettings, id)))
                    .mapToLong(Long::longValue)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sessions in " + sessionsDirectory, e);
        }
    }

    private static String frontEndRun(LongFunction<TaskSettings> savedSettings, long id) {
        try {
            return savedSettings.apply(id).frontEnd().get(SettingsMapper.JENKINS_RUN);
        } catch (RuntimeException unreadable) {
            // why: a session whose settings cannot be read is not the one we look for
            return null;
        }
    }
}
