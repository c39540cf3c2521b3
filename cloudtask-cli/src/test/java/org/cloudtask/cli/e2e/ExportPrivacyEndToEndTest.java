package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `cloudtask report --html` and `--outdir` hold job inputs and outputs: they are created private whatever the umask,
 * and a symbolic link planted at their path (as in a shared directory) is never followed.
 */
@Timeout(120)
class ExportPrivacyEndToEndTest {

    @TempDir
    Path sessions;
    @TempDir
    Path scratch;

    @BeforeEach
    void runASession() throws Exception {
        CliResult run = cloudtask(sessions, scratch).args("sh", "-c", "echo secret-$1; exit ${1#x}", "job")
                .stdinLines(List.of("0", "3")).run(ofSeconds(60));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    }

    @Test
    void reportFilesAreCreatedPrivateUnderUmask022() throws Exception {
        Path page = scratch.resolve("report.html");
        Path outputs = scratch.resolve("outputs");

        CliResult report = cloudtask(sessions, scratch).umask("022")
                .args("report", "1", "--html", page.toString(), "--outdir", outputs.toString()).run(ofSeconds(60));

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(mode(page)).isEqualTo("rw-------");
        try (Stream<Path> written = Files.walk(outputs)) {
            for (Path p : written.filter(p -> !p.equals(outputs)).toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
        assertThat(Files.readString(outputs.resolve("succeeded/1.out"))).isEqualTo("secret-0\n");
    }

    @Test
    void aSymlinkPlantedAtTheHtmlPathIsReplacedAndItsTargetLeftAlone() throws Exception {
        Path victim = Files.writeString(scratch.resolve("victim"), "precious\n");
        Path page = Files.createSymbolicLink(scratch.resolve("report.html"), victim);

        CliResult report = cloudtask(sessions, scratch).umask("022").args("report", "1", "--html", page.toString())
                .run(ofSeconds(60));

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(page)).isFalse();
        assertThat(Files.readString(page)).contains("<html");
        assertThat(mode(page)).isEqualTo("rw-------");
    }

    @Test
    void aSymlinkPlantedInTheOutputDirectoryIsRefusedWithOneLine() throws Exception {
        Path victims = Files.createDirectory(scratch.resolve("victims"));
        Path outputs = Files.createDirectory(scratch.resolve("outputs"));
        Files.createSymbolicLink(outputs.resolve("succeeded"), victims);

        CliResult report = cloudtask(sessions, scratch).args("report", "1", "--outdir", outputs.toString())
                .run(ofSeconds(60));

        assertThat(report.exitCode()).as(report.toString()).isEqualTo(2);
        assertThat(report.stderrLines()).as(report.toString()).singleElement().asString()
                .contains(outputs.resolve("succeeded") + " is a symbolic link");
        try (Stream<Path> inVictims = Files.list(victims)) {
            assertThat(inVictims).isEmpty();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
