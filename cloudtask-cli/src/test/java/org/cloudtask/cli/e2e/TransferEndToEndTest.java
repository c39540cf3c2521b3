package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --transfer FILE}: the README's SSH example ({@code ./render.sh} on two workers with two slots each) runs as
 * written; the file arrives once per worker with its mode, jobs run in the session's working directory there, and
 * the directory is gone at the end unless {@code --keep-workdir}. Real OpenSSH workers on 127.0.0.86-87.
 */
@Timeout(240)
class TransferEndToEndTest {

    /** The README's render.sh. */
    static final String RENDER_SH = """
            #!/bin/sh
            # render.sh FRAME: renders one frame (here: says where it ran)
            echo "frame $1 rendered in $(pwd)"
            """;

    private static final Pattern WORKDIR = Pattern.compile("rendered in (\\S+)");

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @TempDir
    Path project;

    private final List<OpenSshServer> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(OpenSshServer::close);
    }

    @Test
    void readmeExampleRunsWithTheScriptTransferredAndLeavesNoWorkingDirectory() throws Exception {
        CliResult result = readmeExample().run(ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> outputs = outputLines();
        assertThat(outputs).as(result.toString()).hasSize(20);
        List<Path> directories = outputs.stream().map(TransferEndToEndTest::workdir).distinct().toList();
        // one directory per worker connection, under the login's home, and none of them left behind
        assertThat(directories).isNotEmpty().allMatch(dir -> dir.toString().contains("/.cloudtask-work/1-"))
                .noneMatch(Files::exists);
        for (OpenSshServer worker : workers) {
            assertThat(worker.log().lines().filter(l -> l.contains("Accepted publickey"))).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void keepWorkdirLeavesTheCopiesWithTheirModesAndReturnReadsFromThere() throws Exception {
        workers.add(OpenSshServer.start("127.0.0.88"));
        writeRenderScript();
        Path tool = Files.createDirectories(project.resolve("bin")).resolve("tool");
        Files.writeString(tool, "#!/bin/sh\necho tool \"$@\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));

        CliResult kept = cloudtask(sessions, scratch).workingDirectory(project).env("SSH_AUTH_SOCK", "")
                .args("--workers", address(workers.get(0)), "--ssh-identity", workers.get(0).clientKey().toString(),
                        "--known-hosts", knownHosts().toString(), "--transfer", "render.sh",
                        "--transfer", project.resolve("bin/tool").toString(), "--keep-workdir",
                        "--return", "frame.txt")
                .stdinLines(List.of("./render.sh 7 | tee frame.txt; bin/tool x")).run(ofSeconds(60));

        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        Path session = new SessionFiles(sessions).directory(1);
        Path workdir = workdir(outputText(session).lines().findFirst().orElseThrow());
        try {
            assertThat(outputText(session)).contains("tool x");
            assertThat(workdir.resolve("render.sh")).hasContent(RENDER_SH.strip());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workdir.resolve("render.sh"))))
                    .isEqualTo("rwxr-x---");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workdir.resolve("bin/tool"))))
                    .isEqualTo("rwx------");
            assertThat(session.resolve("returns/1/frame.txt")).hasContent("frame 7 rendered in " + workdir);
        } finally {
            for (String left : List.of("render.sh", "bin/tool", "bin", "frame.txt")) {
                Files.deleteIfExists(workdir.resolve(left));
            }
            Files.deleteIfExists(workdir);
            try {
                Files.deleteIfExists(workdir.getParent());
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // why: another run on this machine uses it now
            }
        }
    }

    @Test
    void localJobsRunTheTransferredScriptInTheCurrentDirectory() throws Exception {
        writeRenderScript();

        CliResult result = cloudtask(sessions, scratch).workingDirectory(project)
                .args("--split", "2", "--transfer", "render.sh", "./render.sh").stdinLines(List.of("1", "2"))
                .run(ofSeconds(60));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(outputLines()).containsExactlyInAnyOrder("frame 1 rendered in " + project.toRealPath(),
                "frame 2 rendered in " + project.toRealPath());
    }

    @Test
    void aFileOutsideTheCurrentDirectoryIsRefusedInOneLine() throws Exception {
        CliResult result = cloudtask(sessions, scratch).workingDirectory(project)
                .args("--transfer", "/etc/hostname", "echo").stdinLines(List.of("1")).run(ofSeconds(60));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderrLines()).hasSize(1).first().asString()
                .startsWith("cloudtask: --transfer /etc/hostname: not a file inside the current directory");
    }

    /** {@code seq 20 | cloudtask --workers '2/A,2/B' --ssh-identity KEY --timeout 600 --transfer render.sh ./render.sh} */
    private CliProcess readmeExample() throws IOException {
        for (int i = 0; i < 2; i++) workers.add(OpenSshServer.start("127.0.0." + (86 + i)));
        writeRenderScript();
        return cloudtask(sessions, scratch).workingDirectory(project).env("SSH_AUTH_SOCK", "")
                .args("--workers", "2/" + address(workers.get(0)) + ",2/" + address(workers.get(1)),
                        "--ssh-identity", workers.get(0).clientKey().toString(),
                        "--known-hosts", knownHosts().toString(),
                        "--timeout", "600", "--transfer", "render.sh", "./render.sh")
                .stdinLines(IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList());
    }

    private void writeRenderScript() throws IOException {
        Path script = project.resolve("render.sh");
        if (Files.exists(script)) return;
        Files.writeString(script, RENDER_SH);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    }

    private Path knownHosts() throws IOException {
        Path file = scratch.resolve("known_hosts");
        if (Files.exists(file)) return file;
        return Files.writeString(file, workers.stream().map(OpenSshServer::knownHostsLine)
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private static String address(OpenSshServer worker) {
        return worker.user() + "@" + worker.host() + ":" + worker.port();
    }

    private static Path workdir(String outputLine) {
        Matcher m = WORKDIR.matcher(outputLine);
        assertThat(m.find()).as(outputLine).isTrue();
        return Path.of(m.group(1));
    }

    private List<String> outputLines() throws IOException {
        return outputText(new SessionFiles(sessions).directory(1)).lines().toList();
    }

    private static String outputText(Path session) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(session.resolve("output"))) {
            for (Path file : files.sorted().toList()) text.append(Files.readString(file));
        }
        return text.toString();
    }
}
