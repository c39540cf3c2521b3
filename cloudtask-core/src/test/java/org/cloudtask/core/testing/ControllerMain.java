package org.cloudtask.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.Summary;
import org.cloudtask.core.engine.TaskEvents;
import org.cloudtask.core.engine.TaskSettings;

/**
 * A minimal controller for tests that need one in a process of its own (to kill it with -9, or to give it a small
 * heap): {@code ControllerMain SESSIONS_DIR COMMAND INPUT_FILE SPLIT}. Prints each console line; exits with the
 * summary's exit code.
 */
public final class ControllerMain {

    private ControllerMain() {
    }

    public static void main(String[] args) throws Exception {
        TaskEvents console = new TaskEvents() {
            @Override
            public void log(String line) {
                System.out.println(line);
                System.out.flush();
            }
        };
        CloudTask task = CloudTask.builder().sessionsDirectory(Path.of(args[0])).events(console).build();
        TaskSettings settings = new TaskSettings().command(args[1]).split(Integer.parseInt(args[3]));
        Summary summary = task.run(settings, Files.newInputStream(Path.of(args[2])));
        System.exit(summary.exitCode());
    }

    /** Starts it in a new JVM with this test run's class path. */
    public static Process start(String maxHeap, Path log, String... args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
                "-cp", System.getProperty("java.class.path"), ControllerMain.class.getName()));
        command.addAll(java.util.List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
