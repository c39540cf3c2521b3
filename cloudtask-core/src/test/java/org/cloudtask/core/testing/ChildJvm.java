package org.cloudtask.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a benchmark's main class in a JVM of its own, with this test's class path and a heap limit, so that memory
 * goals (1,000,000 jobs in 256 MB) are checked on a heap the test run does not share.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Runs {@code main} to its end; returns what it printed. Fails if it runs past {@code limit} or exits non-zero. */
    public static String run(Class<?> main, String heap, Duration limit, Path scratch, String... args) throws Exception {
        return run(java.util.Map.of(), main, heap, limit, scratch, args);
    }

    /** The same with these environment variables set (an empty value removes the variable). */
    public static String run(java.util.Map<String, String> environment, Class<?> main, String heap, Duration limit,
                             Path scratch, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path log = scratch.resolve(main.getSimpleName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process child = builder.start();
        try {
            assertThat(child.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as("%s ended in time", main).isTrue();
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }
}
