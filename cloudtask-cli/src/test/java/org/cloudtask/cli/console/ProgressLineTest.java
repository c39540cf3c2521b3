package org.cloudtask.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.cloudtask.core.engine.Progress;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void showsCountsRateAndTimeLeft() {
        Progress progress = new Progress(200, 20, 8, 172, 1, 4.0, true);

        assertThat(ProgressLine.format(progress))
                .isEqualTo("20/200 done, 8 running, 172 pending, 1 failed, 4.0 jobs/s, ETA 0:45");
    }

    @Test
    void whileInputIsStillComingTheTotalIsALowerBound() {
        Progress progress = new Progress(50, 10, 2, 38, 0, 2.0, false);

        assertThat(ProgressLine.format(progress)).startsWith("10/50+ done").endsWith("ETA 0:20");
    }

    @Test
    void timeLeftIsUnknownBeforeTheFirstRate() {
        assertThat(ProgressLine.format(new Progress(50, 0, 2, 48, 0, 0.0, true))).endsWith("ETA ?");
    }

    @Test
    void longTimesShowHours() {
        assertThat(ProgressLine.format(new Progress(7201, 1, 1, 7199, 0, 1.0, true))).endsWith("ETA 2:00:00");
    }
}
