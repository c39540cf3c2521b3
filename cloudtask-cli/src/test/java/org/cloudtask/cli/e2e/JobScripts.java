package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Small shell scripts for jobs, and the marker file they append to: each job writes {@code start ID} when it begins
 * and {@code done ID} when it ends, which proves how often each job really ran.
 */
public final class JobScripts {

    private final Path dir;
    private final Path marks;

    public JobScripts(Path dir) {
        this.dir = dir;
        this.marks = dir.resolve("marks");
    }

    /** A script {@code NAME ID}: marks its start, sleeps this long, marks its end. */
    public Path marking(String name, String seconds) throws IOException {
        return script(name, """
                echo "start $1" >> '%s'
                sleep %s
                echo "done $1" >> '%s'
                """.formatted(marks, seconds, marks));
    }

    /** The job id at the end of a job's command ({@code /tmp/x/job 7}). */
    public static String idOf(String command) {
        return command.substring(command.lastIndexOf(' ') + 1);
    }

    /** A script with this body (run by sh, arguments as $1...). */
    public Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The marker lines so far, e.g. {@code start 7}. */
    public List<String> marks() throws IOException {
        return Files.exists(marks) ? Files.readAllLines(marks, StandardCharsets.UTF_8) : List.of();
    }

    /** How many times each job id wrote this event ({@code start} or {@code done}). */
    public static Map<String, Long> count(List<String> marks, String event) {
        return marks.stream().filter(m -> m.startsWith(event + " "))
                .map(m -> m.substring(event.length() + 1))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
