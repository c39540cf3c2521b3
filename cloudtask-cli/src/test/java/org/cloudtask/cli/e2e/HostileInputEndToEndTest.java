package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cloudtask.ssh.testing.OpenSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue of hostile input lines, run by the real bin/cloudtask locally and on an OpenSSH worker (127.0.2.30): the
 * job receives exactly the literal words the quoting rules give, and nothing the line tries to run ever runs.
 */
@Timeout(180)
class HostileInputEndToEndTest {

    @TempDir
    Path sessions;
    @TempDir
    Path scratch;
    private OpenSshServer worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) worker.close();
    }

    /** Each input line with the words the job must receive; V stands for the victim file's path. */
    private static final List<Case> CATALOGUE = List.of(
            new Case("a; touch V", "a;", "touch", "V"),
            new Case("$(touch V)", "$(touch", "V)"),
            new Case("`touch V`", "`touch", "V`"),
            new Case("a | touch V", "a", "|", "touch", "V"),
            new Case("a && touch V", "a", "&&", "touch", "V"),
            new Case("a || touch V", "a", "||", "touch", "V"),
            new Case("a > V", "a", ">", "V"),
            new Case("a >> V < /etc/passwd", "a", ">>", "V", "<", "/etc/passwd"),
            new Case("a & touch V", "a", "&", "touch", "V"),
            new Case("<(touch V)", "<(touch", "V)"),
            new Case("'$(touch V)'", "$(touch V)"),
            new Case("\"$(touch V)\"", "$(touch V)"),
            new Case("\"`touch V`\"", "`touch V`"),
            new Case("\"\\`touch V\\`\"", "`touch V`"),
            new Case("'; touch V; '", "; touch V; "),
            new Case("\"a\\\"; touch V; \\\"b\"", "a\"; touch V; \"b"),
            new Case("x'\"'y", "x\"y"),
            new Case("'it''s'", "its"),
            new Case("a\\ b\\;c", "a b;c"),
            new Case("$HOME ${PATH} $1 $@ $$", "$HOME", "${PATH}", "$1", "$@", "$$"),
            new Case("${IFS}touch${IFS}V", "${IFS}touch${IFS}V"),
            new Case("*", "*"),
            new Case("/etc/pass* ?.txt [a-z]", "/etc/pass*", "?.txt", "[a-z]"),
            new Case("~ ~root ~/x", "~", "~root", "~/x"),
            new Case("{a,b} {1..3}", "{a,b}", "{1..3}"),
            new Case("\"line1\\nline2\" $'a\\nb'", "line1\\nline2", "$a\\nb"),
            new Case("-n -e --help", "-n", "-e", "--help"),
            new Case("!! !$ %s%n", "!!", "!$", "%s%n"),
            new Case("a=b touch V", "a=b", "touch", "V"),
            new Case("héllo wörld ✓", "héllo", "wörld", "✓"),
            new Case("touch V # a comment; rm -rf /", "touch", "V"),
            new Case("''", ""));

    record Case(String line, String... words) {
    }

    @Test
    void hostileLinesReachLocalJobsAsLiteralWords() throws Exception {
        runCatalogue(List.of());
    }

    @Test
    void hostileLinesReachSshJobsAsLiteralWords() throws Exception {
        worker = OpenSshServer.start("127.0.2.30");
        Path knownHosts = worker.writeKnownHosts(scratch.resolve("known_hosts"));
        runCatalogue(List.of("--workers", worker.user() + "@" + worker.host() + ":" + worker.port(),
                "--ssh-identity", worker.clientKey().toString(), "--known-hosts", knownHosts.toString()));
    }

    private void runCatalogue(List<String> workerOptions) throws Exception {
        Path victim = scratch.resolve("victim");
        Path received = Files.createDirectories(scratch.resolve("received"));
        Path job = scratch.resolve("record-words.sh");
        // why: NUL-separated, so any word (even empty, or with blanks) comes back exactly
        Files.writeString(job, "#!/bin/sh\nprintf '%s\\0' \"$@\" > " + received + "/$CLOUDTASK_JOB\n");
        Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rwx------"));
        List<String> lines = CATALOGUE.stream().map(c -> c.line().replace("V", victim.toString())).toList();

        List<String> args = new ArrayList<>(workerOptions);
        args.add(job.toString());
        CliResult result = cloudtask(sessions, scratch).env("SSH_AUTH_SOCK", "").args(args.toArray(new String[0]))
                .stdinLines(lines).run(ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (int i = 0; i < CATALOGUE.size(); i++) {
            Case c = CATALOGUE.get(i);
            List<String> expected = Arrays.stream(c.words()).map(w -> w.replace("V", victim.toString())).toList();
            byte[] bytes = Files.readAllBytes(received.resolve(Integer.toString(i + 1)));
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> words = text.isEmpty() ? List.of() : Arrays.asList(text.substring(0, text.length() - 1)
                    .split("\0", -1));
            assertThat(words).as("job %d: %s", i + 1, c.line()).isEqualTo(expected);
        }
        assertThat(victim).doesNotExist();
    }
}
