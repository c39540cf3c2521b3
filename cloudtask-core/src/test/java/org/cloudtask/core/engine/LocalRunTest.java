package org.cloudtask.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalRunTest {

    @TempDir
    Path sessions;

    @Test
    void seqThreeEchoRunsThreeJobsAndRecordsThem() throws Exception {
        RecordingEvents events = new RecordingEvents();
        CloudTask task = CloudTask.builder().sessionsDirectory(sessions).events(events).build();

        Summary summary = task.run(new TaskSettings().command("echo"), Inputs.seq(1, 3));

        assertThat(summary.total()).isEqualTo(3);
        assertThat(summary.ok()).isEqualTo(3);
        assertThat(summary.exitCode()).isZero();
        assertThat(events.lines()).contains("local-1: exit 0 # echo 1", "local-1: exit 0 # echo 2",
                "local-1: exit 0 # echo 3");
        List<String> jobs = Files.readAllLines(sessions.resolve("1/jobs"));
        assertThat(jobs).containsExactly("EXIT=0  \techo 1", "EXIT=0  \techo 2", "EXIT=0  \techo 3");
        System.out.println(events.lines());
        System.out.println(Files.readString(sessions.resolve("1/journal")));
    }
}
