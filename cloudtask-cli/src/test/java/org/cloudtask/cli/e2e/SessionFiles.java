package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads a sessions directory the way a user would: the session ids and each session's {@code jobs} file. */
public final class SessionFiles {

    private final Path sessions;

    public SessionFiles(Path sessions) {
        this.sessions = sessions;
    }

    /** Ids of the sessions created so far. */
    public List<Long> ids() throws IOException {
        if (!Files.isDirectory(sessions)) return List.of();
        try (Stream<Path> children = Files.list(sessions)) {
            return children.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .map(Long::valueOf).sorted().toList();
        }
    }

    public Path directory(long id) {
        return sessions.resolve(Long.toString(id));
    }

    /** The {@code jobs} file: one line per job, in input order: {@code EXIT=<n>|TIMEOUT|PENDING TAB command}. */
    public List<JobLine> jobs(long id) throws IOException {
        return Files.readAllLines(directory(id).resolve("jobs"), StandardCharsets.UTF_8).stream()
                .map(JobLine::parse).toList();
    }

    /** One line of a session's {@code jobs} file. */
    public record JobLine(String state, String command) {
        static JobLine parse(String line) {
            int tab = line.indexOf('\t');
            if (tab < 0) throw new AssertionError("jobs line without a TAB: " + line);
            // why: the engine pads the state so that it can rewrite a line in place
            return new JobLine(line.substring(0, tab).strip(), line.substring(tab + 1));
        }

        public boolean finished() {
            return !state.equals("PENDING");
        }
    }
}
