package org.cloudtask.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, for tests of HTML pages: each call starts one browser with a fresh
 * profile directory, no network services of its own, and console messages logged to stderr; it is killed (with its
 * child processes) if it takes longer than the time limit.
 */
public final class HeadlessChromium {

    private static final long TIME_LIMIT_SECONDS = 90;

    private final Path workDir;

    /** @param workDir where profiles and logs go (a test's temporary directory) */
    public HeadlessChromium(Path workDir) {
        this.workDir = workDir;
    }

    /** What the browser printed: the DOM after scripts ran (for --dump-dom) and its log. */
    public record Result(String stdout, String stderr) {

        /** Console messages at error level and uncaught exceptions, as Chromium logs them. */
        public List<String> consoleErrors() {
            return stderr.lines().filter(l -> l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught"))
                    || l.contains("Uncaught")).toList();
        }
    }

    /** Loads the page, lets its scripts run, and returns the DOM as it then is. */
    public Result dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "", "--dump-dom");
    }

    /** Like {@link #dumpDom(Path)}, with {@code #fragment} added to the page's address. */
    public Result dumpDom(Path page, String fragment) throws IOException, InterruptedException {
        return run(page, "#" + fragment, "--dump-dom");
    }

    /** Loads the page and saves a PNG of a 1400x900 window. */
    public Result screenshot(Path page, Path png) throws IOException, InterruptedException {
        return run(page, "", "--screenshot=" + png.toAbsolutePath(), "--window-size=1400,900", "--hide-scrollbars");
    }

    /** Like {@link #screenshot(Path, Path)}, with {@code #fragment} added to the page's address. */
    public Result screenshot(Path page, String fragment, Path png) throws IOException, InterruptedException {
        return run(page, "#" + fragment, "--screenshot=" + png.toAbsolutePath(), "--window-size=1400,900",
                "--hide-scrollbars");
    }

    private Result run(Path page, String fragment, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        Path out = Files.createTempFile(workDir, "chromium", ".out");
        Path err = Files.createTempFile(workDir, "chromium", ".err");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000"));
        command.addAll(List.of(action));
        command.add(page.toAbsolutePath().toUri() + fragment);
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + TIME_LIMIT_SECONDS + " s: " + command);
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
