package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether a process still exists, as a user would check with ps. */
public final class Processes {

    private Processes() {
    }

    /** True when the process no longer exists or is a zombie (dead, waiting for its parent to reap it). */
    public static boolean gone(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            // the state letter follows the command name in parentheses, which may itself contain spaces
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    /** True when one of the process's threads waits in a pipe read (the kernel's wait channel says so). */
    public static boolean blockedReadingAPipe(long pid) throws IOException {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("wchan")).contains("pipe_read");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
