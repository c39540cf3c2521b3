package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.Journals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SessionRecoveryTest {

    @TempDir
    Path sessions;
    private final FakeTransport transport = new FakeTransport();

    private CloudTask task() {
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).build();
    }

    private Path session() {
        return sessions.resolve("1");
    }

    private void runWithOneFailure() {
        transport.script((w, r) -> r.command().equals("echo 2") ? Outcome.exit(1) : Outcome.exit(0));
        task().run(new TaskSettings().command("echo"), Inputs.seq(1, 5));
        transport.script((w, r) -> Outcome.exit(0));
    }

    @Test
    void aTornLastJournalRecordIsIgnoredOnResume() throws Exception {
        runWithOneFailure();
        Files.writeString(session().resolve("journal"), "0badc0de END 2 2 17", StandardOpenOption.APPEND);

        Summary summary = task().retry(1, s -> s);

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(Journals.finalResultsPerJob(session())).hasSize(5);
    }

    @Test
    void aDamagedSnapshotMeansAFullReplayWithTheSameOutcome() throws Exception {
        runWithOneFailure();
        Path snapshot = session().resolve("snapshot");
        assertThat(snapshot).exists();
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[30] ^= 0x7f;
        Files.write(snapshot, bytes);

        Summary summary = task().retry(1, s -> s);

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(Journals.attemptsPerJob(session()).get(2L)).isEqualTo(2);
    }

    @Test
    void corruptionInsideTheJournalIsAOneLineErrorAndNothingRuns() throws Exception {
        runWithOneFailure();
        Files.delete(session().resolve("snapshot"));
        String journal = Files.readString(session().resolve("journal"), StandardCharsets.UTF_8);
        Files.writeString(session().resolve("journal"), journal.replaceFirst("START 1 1", "START 9 1"));

        assertThatThrownBy(() -> task().retry(1, s -> s))
                .isInstanceOf(CloudTaskException.class)
                .hasMessageContaining("is damaged at line")
                .hasMessageNotContaining("\n");
        assertThat(transport.started()).hasSize(5);
    }

    @Test
    void theJobsFileIsBroughtUpToDateFromTheJournal() throws Exception {
        runWithOneFailure();
        Files.delete(session().resolve("snapshot"));
        // as if the controller died before updating the jobs file: every state back to PENDING
        String jobs = Files.readString(session().resolve("jobs"));
        Files.writeString(session().resolve("jobs"), jobs.replaceAll("EXIT=\\d  ", "PENDING "));
        String journal = Files.readString(session().resolve("journal"));
        Files.writeString(session().resolve("journal"), journal.substring(0, journal.lastIndexOf("SYNCED") - 9));

        Summary summary = task().retry(1, s -> s);

        assertThat(summary.ok()).isEqualTo(5);
        assertThat(Files.readAllLines(session().resolve("jobs"))).allMatch(l -> l.startsWith("EXIT=0  "));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"journal", "jobs", "index", "inputs"})
    void aSessionMissingAFileIsRefusedInOneLineAndNothingRuns(String file) throws Exception {
        runWithOneFailure();
        Files.delete(session().resolve(file));

        assertThatThrownBy(() -> task().retry(1, s -> s))
                .isInstanceOf(CloudTaskException.class)
                .hasMessageStartingWith("session 1 has no " + file + " file (")
                .hasMessageNotContaining("\n");
        assertThat(transport.started()).hasSize(5);
    }

    @Test
    void aJobsListShorterThanTheJournalIsRefused() throws Exception {
        runWithOneFailure();
        Files.delete(session().resolve("snapshot"));
        Files.write(session().resolve("index"), new byte[0]);

        assertThatThrownBy(() -> task().retry(1, s -> s))
                .isInstanceOf(CloudTaskException.class)
                .hasMessageContaining("has a record that does not fit the session")
                .hasMessageNotContaining("\n");
    }

    @Test
    void twoControllersCannotWorkOneSessionAtOnce() throws Exception {
        runWithOneFailure();
        try (var lock = org.cloudtask.core.session.SessionLock.acquire(session(), 1)) {
            assertThatThrownBy(() -> task().retry(1, s -> s))
                    .isInstanceOf(CloudTaskException.class)
                    .hasMessageStartingWith("session 1 is in use by another controller (pid ");
        }
    }
}
