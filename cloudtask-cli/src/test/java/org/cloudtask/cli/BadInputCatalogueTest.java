package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cloudtask.core.session.SessionLock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad input, in-process: each case is a command line (with its stdin and whatever it breaks first)
 * and the one line cloudtask must answer, with its exit code. Every case starts with a finished session 1 holding
 * three jobs; afterwards that session is byte for byte what it was before the bad command (after the case's own
 * damage), no stack trace is printed, and no other session appears unless the case expects one.
 */
@Timeout(60)
class BadInputCatalogueTest {

    @TempDir
    Path home;

    /** What a case does to the home directory before its command runs; returns nothing. */
    interface Setup {
        void apply(Path home, Path session) throws Exception;
    }

    record Case(String name, Setup setup, byte[] stdin, int exit, String message, long sessionsAfter, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Locks a case holds like a live controller would, released once its command has run. */
    private static final List<SessionLock> HELD = new ArrayList<>();
    private static final Setup NOTHING = (home, session) -> { };
    private static final byte[] ONE_JOB = "x\n".getBytes(StandardCharsets.UTF_8);

    static List<Case> catalogue() {
        List<Case> c = new ArrayList<>();
        // ---- command-line options: ranges, types, conflicts ----
        c.add(usage("split zero", "'--split': '0' is less than 1", "--split", "0", "echo"));
        c.add(usage("split not a number", "'--split': 'many' is not a whole number", "--split", "many", "echo"));
        c.add(usage("timeout not seconds", "'--timeout': 'abc' is not a number of seconds", "--timeout", "abc", "echo"));
        c.add(usage("timeout zero", "'--timeout': '0' must be more than 0 seconds", "--timeout", "0", "echo"));
        c.add(usage("negative retries", "'--retries': '-1' is less than 0", "--retries", "-1", "echo"));
        c.add(usage("negative kill grace", "'--kill-grace': '-1'", "--kill-grace", "-1", "echo"));
        c.add(usage("zero jobs per worker", "'--jobs-per-worker': '0' is less than 1", "--jobs-per-worker", "0", "echo"));
        c.add(usage("zero ping interval", "'--ping-interval': '0' must be more than 0 seconds", "--ping-interval", "0",
                "echo"));
        c.add(usage("unknown host key policy", "'--host-key-policy'", "--host-key-policy", "trust-all", "echo"));
        c.add(usage("unknown option", "unknown option: '--bogus'", "--bogus", "echo"));
        c.add(usage("resume and retry together", "--resume and --retry cannot be used together", "--resume", "1",
                "--retry", "1"));
        c.add(usage("command with resume", "a command cannot be given with --resume", "--resume", "1", "echo"));
        c.add(usage("resume not a number", "'--resume'", "--resume", "latest"));
        c.add(usage("missing input file", "input file not found: /no/such/file", "--input", "/no/such/file", "echo"));
        // ---- input lines ----
        // why: a line that cannot become a job is a job that failed to build: a new session, exit 1, nothing lost
        c.add(new Case("NUL byte in a line", NOTHING, "a\0b\n".getBytes(StandardCharsets.UTF_8), 1,
                "job 1 failed to build: input line 1: contains a NUL byte", 2, "echo"));
        c.add(new Case("invalid UTF-8 passes through", NOTHING, new byte[] {'a', (byte) 0xff, '\n'}, 0, "1 ok", 2,
                "echo"));
        c.add(new Case("unclosed quote", NOTHING, "'abc\n".getBytes(StandardCharsets.UTF_8), 1,
                "job 1 failed to build: input line 1: the single quote", 2, "echo"));
        c.add(usage("-0 with resume", "-0 and -d cannot be given with --resume", "--resume", "1", "-0"));
        c.add(usage("unsupported delimiter", "-d ,: only '\\n'", "-d", ",", "echo"));
        c.add(new Case("trailing backslash", NOTHING, "abc\\\n".getBytes(StandardCharsets.UTF_8), 1,
                "ends with a backslash", 2, "echo"));
        c.add(new Case("bad line after good ones", NOTHING, "a\nb\n'c\n".getBytes(StandardCharsets.UTF_8), 1, "line 3", 2,
                "echo"));
        c.add(new Case("only comments", NOTHING, "# nothing\n\n   \n".getBytes(StandardCharsets.UTF_8), 0,
                "no jobs", 1, "echo"));
        c.add(new Case("CRLF line ends", NOTHING, "a\r\nb\r\n".getBytes(StandardCharsets.UTF_8), 0,
                "2 jobs, 2 ok", 2, "--quiet", "echo"));
        c.add(new Case("one-megabyte line", NOTHING, ("w".repeat(1 << 20) + "\n").getBytes(StandardCharsets.UTF_8), 0,
                "1 job, 1 ok", 2, "--quiet", "true"));
        // ---- worker lists ----
        c.add(usage("port out of range", "99999", "--workers", "host:99999", "echo"));
        c.add(usage("port not a number", "ssh", "--workers", "host:ssh", "echo"));
        c.add(usage("IPv6 port out of range", "70000", "--workers", "[::1]:70000", "echo"));
        c.add(usage("IPv6 unclosed bracket", "[::1", "--workers", "[::1", "echo"));
        c.add(usage("duplicate worker", "duplicate worker address \"a@h1:22\"", "--workers", "a@h1:22,a@h1:22", "echo"));
        c.add(usage("missing worker file", "/no/such/workers", "--workers", "/no/such/workers", "echo"));
        c.add(new Case("unresolvable host", BadInputCatalogueTest::plainKey, ONE_JOB, 1, "no-such-host.invalid: dropped, cannot connect", 2,
                "--workers", "no-such-host.invalid", "--ssh-identity", "KEY", "--connect-timeout", "5", "echo"));
        // ---- keys ----
        c.add(new Case("key in a wrong format", (home, s) -> Files.writeString(home.resolve("key"), "not a key\n"),
                ONE_JOB, 2, "cannot use SSH key KEYPATH: not a private key (expected an OpenSSH or PEM private key", 1, "--workers", "127.0.2.99", "--ssh-identity", "KEY", "echo"));
        c.add(usage("missing key file", "/no/such/key", "--workers", "127.0.2.99", "--ssh-identity", "/no/such/key",
                "echo"));
        c.add(usage("missing ssh config", "cannot read ssh config /no/such/config: no such readable file "
                + "(check --ssh-config)", "--workers", "127.0.2.99", "-F", "/no/such/config", "echo"));
        c.add(new Case("key is a directory", (home, s) -> Files.createDirectories(home.resolve("key")), ONE_JOB, 2,
                "cannot read SSH key KEYPATH: Is a directory (check --ssh-identity)", 1, "--workers", "127.0.2.99",
                "--ssh-identity", "KEY", "echo"));
        c.add(new Case("encrypted key without passphrase", BadInputCatalogueTest::encryptedKey, ONE_JOB, 2,
                "cloudtask: SSH key KEYPATH is encrypted and no passphrase was given (set CLOUDTASK_SSH_PASSPHRASE", 1, "--workers", "127.0.2.99", "--ssh-identity", "KEY", "echo"));
        // ---- sessions ----
        c.add(usage("unknown session", "there is no session 42", "--resume", "42"));
        c.add(new Case("finished session", NOTHING, new byte[0], 0, "session 1 finished", 1, "--resume", "1"));
        c.add(new Case("corrupted journal", (home, s) -> damage(s), new byte[0], 2,
                "is damaged at line", 1, "--resume", "1"));
        c.add(new Case("line inserted into the journal", (home, s) -> insertLine(s.resolve("journal")), new byte[0], 2,
                "is damaged at line 2", 1, "--resume", "1"));
        c.add(new Case("journal missing", (home, s) -> Files.delete(s.resolve("journal")), new byte[0], 2,
                "has no journal file", 1, "--resume", "1"));
        c.add(new Case("jobs file missing", (home, s) -> Files.delete(s.resolve("jobs")), new byte[0], 2,
                "has no jobs file", 1, "--resume", "1"));
        c.add(new Case("settings missing", (home, s) -> Files.delete(s.resolve("settings")), new byte[0], 2,
                "session 1 has no settings file", 1, "--resume", "1"));
        c.add(new Case("truncated journal", (home, s) -> truncate(s.resolve("journal")), new byte[0], 0,
                "session 1", 1, "--resume", "1"));
        c.add(new Case("session readable by others", BadInputCatalogueTest::openUp, new byte[0], 0,
                "session 1 finished", 1, "--resume", "1"));
        c.add(new Case("session in use by a live controller", (home, s) -> HELD.add(SessionLock.acquire(s, 1)),
                new byte[0], 2, "session 1 is in use by another controller (pid " + ProcessHandle.current().pid(), 1,
                "--resume", "1"));
        c.add(new Case("stale lock of a dead controller", (home, s) -> Files.writeString(s.resolve("lock"),
                "999999999 gone-host\n"), new byte[0], 0, "session 1 finished", 1, "--resume", "1"));
        c.add(new Case("sessions directory others can write", (home, s) -> Files.setPosixFilePermissions(
                home.resolve(".cloudtask"), PosixFilePermissions.fromString("rwxrwxrwx")), ONE_JOB, 2,
                "refusing the sessions directory " + "HOME/.cloudtask: it is writable by others (mode rwxrwxrwx)", 1,
                "echo"));
        c.add(new Case("report --outdir with a planted symlink", BadInputCatalogueTest::plantLink, new byte[0], 2,
                "HOME/out/succeeded is a symbolic link; give --outdir a directory of your own", 1, "report", "1",
                "--outdir", "HOME/out"));
        c.add(new Case("sessions path is a file", (home, s) -> Files.writeString(home.resolve("file"), "x"), ONE_JOB, 2,
                "cannot create a session in", 1, "--sessions", "FILE/sessions", "echo"));
        return c;
    }

    private static Case usage(String name, String message, String... args) {
        return new Case(name, NOTHING, ONE_JOB, 2, message, 1, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void badInputIsOneClearLineWithItsExitCodeAndTheSessionIntact(Case bad) throws Exception {
        Path sessions = home.resolve(".cloudtask");
        assertThat(new InProcessCli(home).stdin("a\nb\nc\n").run("--quiet", "echo")).isZero();
        Path session = sessions.resolve("1");
        bad.setup().apply(home, session);
        Map<String, String> before = snapshot(session);

        InProcessCli cli = new InProcessCli(home).stdin(bad.stdin());
        int status = cli.run(resolve(bad.args()));

        for (SessionLock held : HELD) held.close();
        HELD.clear();
        String said = cli.err() + cli.out();
        assertThat(status).as(said).isEqualTo(bad.exit());
        assertThat(said).as("output").contains(resolve(bad.message())).doesNotContain("Exception", "\tat ");
        if (bad.exit() == 2) assertThat(cli.err().lines()).as(said).hasSize(1);
        assertThat(snapshot(session)).as("session 1 afterwards").isEqualTo(before);
        try (Stream<Path> ids = Files.list(sessions)) {
            assertThat(ids.filter(p -> p.getFileName().toString().matches("\\d+")).count()).as(said)
                    .isEqualTo(bad.sessionsAfter());
        }
        try (Stream<Path> paths = Files.walk(session)) {
            for (Path p : paths.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
        try (SessionLock stillFree = SessionLock.acquire(session, 1)) {
            assertThat(stillFree).isNotNull();
        }
    }

    private String[] resolve(String[] args) {
        return Stream.of(args).map(this::resolve).toArray(String[]::new);
    }

    /** KEY stands for the case's key file, FILE for a plain file in the home directory. */
    private String resolve(String text) {
        return text.replace("KEYPATH", home.resolve("key").toString()).replace("KEY", home.resolve("key").toString())
                .replace("FILE", home.resolve("file").toString()).replace("HOME", home.toString());
    }

    /** Every file of the session and its content, except the lock (rewritten by every controller that opens it). */
    private static Map<String, String> snapshot(Path session) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(session)) return files;
        try (Stream<Path> paths = Files.walk(session)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                // why: the lock is rewritten by every controller that opens the session, the snapshot at every clean
                // close; a SYNCED record only says the files were consistent (a torn one is cut off): none is data
                if (name.equals("lock") || name.equals("snapshot")) continue;
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                if (name.equals("journal")) text = text.replaceAll("(?m)^[0-9a-f]{8} SYNC(ED)?\n?", "");
                // why: a resume saves the settings it runs with again; their date comment changes, not the data
                if (name.equals("settings")) text = text.replaceAll("(?m)^#.*\n", "");
                files.put(session.relativize(p).toString(), text);
            }
        }
        return files;
    }

    /** A flipped byte in the second record, as a failing disk leaves it; without the snapshot, so all is replayed. */
    private static void damage(Path session) throws IOException {
        Files.deleteIfExists(session.resolve("snapshot"));
        byte[] bytes = Files.readAllBytes(session.resolve("journal"));
        int second = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\n') + 12;
        bytes[second] ^= 0x20;
        Files.write(session.resolve("journal"), bytes);
    }

    /** A line inserted by hand, with the snapshot of the last clean close still there. */
    private static void insertLine(Path journal) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(journal, StandardCharsets.ISO_8859_1));
        lines.add(1, "an edit");
        Files.write(journal, lines, StandardCharsets.ISO_8859_1);
    }

    private static void plainKey(Path home, Path session) throws Exception {
        org.cloudtask.ssh.testing.TestKeys.generate(home.resolve("key"), "ed25519", "", false);
    }

    private static void truncate(Path journal) throws IOException {
        byte[] bytes = Files.readAllBytes(journal);
        Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    }

    private static void openUp(Path home, Path session) throws IOException {
        Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(session.resolve("journal"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** DIR/succeeded planted as a link to someone else's directory. */
    private static void plantLink(Path home, Path session) throws IOException {
        Files.createDirectories(home.resolve("out"));
        Files.createSymbolicLink(home.resolve("out/succeeded"), Files.createDirectories(home.resolve("victims")));
    }

    private static void encryptedKey(Path home, Path session) throws Exception {
        org.cloudtask.ssh.testing.TestKeys.generate(home.resolve("key"), "ed25519", "secret passphrase", false);
    }
}
