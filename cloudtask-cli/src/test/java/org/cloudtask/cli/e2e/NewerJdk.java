package org.cloudtask.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A JDK of at least a given feature version installed under /usr/lib/jvm, found by its {@code release} file. */
final class NewerJdk {

    private NewerJdk() {
    }

    /** The newest JDK whose JAVA_VERSION is at least {@code feature} and which has bin/java; null if none. */
    static Path find(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && !Files.isSymbolicLink(home))
                    .filter(home -> version(home) >= feature)
                    .max(Comparator.comparingInt(NewerJdk::version)).orElse(null);
        }
    }

    private static int version(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String value = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(value.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // why: a directory without a readable release file is not a JDK we can use
        }
        return 0;
    }
}
