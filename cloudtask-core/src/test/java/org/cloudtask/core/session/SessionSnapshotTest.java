package org.cloudtask.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.testing.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SessionSnapshotTest {

    @TempDir
    Path sessions;

    private Path finishedSession() {
        CloudTask.builder().sessionsDirectory(sessions).build().run(new TaskSettings().command("echo"), Inputs.seq(1, 5));
        return sessions.resolve("1");
    }

    private static long journalLength(Path session) throws IOException {
        return Files.size(session.resolve("journal"));
    }

    @Test
    void theSnapshotOfACleanCloseIsUsed() throws IOException {
        Path session = finishedSession();

        SessionSnapshot.Loaded loaded = SessionSnapshot.read(session, journalLength(session));

        assertThat(loaded).isNotNull();
        assertThat(loaded.journalLength()).isEqualTo(journalLength(session));
        assertThat(loaded.states().size()).isEqualTo(5);
    }

    @Test
    void aJournalEditedBeforeTheSnapshotsOffsetIsReplayedInFull() throws IOException {
        Path session = finishedSession();
        List<String> lines = new ArrayList<>(Files.readAllLines(session.resolve("journal"), StandardCharsets.UTF_8));
        lines.add(1, "an edit");
        Files.write(session.resolve("journal"), lines, StandardCharsets.UTF_8);

        assertThat(SessionSnapshot.read(session, journalLength(session))).isNull();
    }
}
