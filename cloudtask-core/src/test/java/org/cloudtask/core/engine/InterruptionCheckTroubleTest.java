package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cloudtask.core.testing.FakeProvisioner;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spot interruption check that cannot tell (exit 2: the metadata refused the IMDSv2 token, or is unreachable) is
 * logged once per worker and reason, apart from exit 1, which means "no notice" (issue 20 item 9).
 */
@Timeout(60)
class InterruptionCheckTroubleTest {

    @TempDir
    Path sessions;

    @Test
    void aCheckThatCannotTellIsLoggedOnceAndNoNoticeIsNot() throws Exception {
        RecordingEvents events = new RecordingEvents();
        FakeTransport transport = new FakeTransport().script((worker, request) -> switch (request.command()) {
            case "refused-check" -> Outcome.exit(2, "instance metadata refused the IMDSv2 token (401)\n");
            case "no-notice-check" -> Outcome.exit(1);
            default -> Outcome.exit(0).after(Duration.ofMillis(40));
        });
        TaskSettings settings = new TaskSettings().command("echo").split(1).pingInterval(Duration.ofMillis(20));

        CloudTask.builder().sessionsDirectory(sessions.resolve("a")).transport(transport)
                .provisioner(new FakeProvisioner().interruptionCheck("refused-check")).events(events).build()
                .run(settings, Inputs.seq(1, 20));
        RecordingEvents quiet = new RecordingEvents();
        CloudTask.builder().sessionsDirectory(sessions.resolve("b")).transport(transport)
                .provisioner(new FakeProvisioner().interruptionCheck("no-notice-check")).events(quiet).build()
                .run(settings, Inputs.seq(1, 20));

        assertThat(transport.started()).filteredOn(s -> s.request().command().equals("refused-check")).hasSizeGreaterThan(1);
        List<String> told = events.lines().stream().filter(l -> l.contains("interruption check")).toList();
        assertThat(told).containsExactly("launched-1: interruption check exited 2: instance metadata refused the IMDSv2 token "
                + "(401); a spot interruption notice would not be seen");
        assertThat(transport.started()).filteredOn(s -> s.request().command().equals("no-notice-check")).isNotEmpty();
        assertThat(quiet.lines()).noneMatch(l -> l.contains("interruption check"));
    }
}
