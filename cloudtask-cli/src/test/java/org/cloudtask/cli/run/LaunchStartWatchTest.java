package org.cloudtask.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.junit.jupiter.api.Test;

/** A signal after a launch began must abort through the engine, which is told by this watch. */
class LaunchStartWatchTest {

    private static final Provisioner CLOUD = new Provisioner() {
        @Override
        public void launch(int count, LaunchListener listener) {
        }

        @Override
        public void destroy(LaunchedWorker worker) {
        }

        @Override
        public String describe() {
            return "cloud";
        }
    };

    @Test
    void aLaunchOfTheSessionsProvisionerMarksTheTaskStarted() throws Exception {
        AtomicBoolean began = new AtomicBoolean();
        Provisioner watched = LaunchStartWatch.watch(CLOUD, began);
        assertThat(began).isFalse();

        watched.forSession(3).launch(1, null);

        assertThat(began).isTrue();
        assertThat(watched.describe()).isEqualTo("cloud");
    }

    @Test
    void noProvisionerStaysNone() {
        assertThat(LaunchStartWatch.watch(Provisioner.NONE, new AtomicBoolean())).isSameAs(Provisioner.NONE);
    }
}
