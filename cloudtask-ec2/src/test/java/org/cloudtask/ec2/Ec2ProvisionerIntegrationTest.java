package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.InstanceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class Ec2ProvisionerIntegrationTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private Ec2StandIn ec2;
    private Ec2Provisioner provisioner;

    @TempDir
    Path scratch;

    @BeforeEach
    void startStandIn() throws Exception {
        ec2 = Ec2StandIn.start();
    }

    @AfterEach
    void nothingIsLeft() {
        try {
            if (provisioner != null) provisioner.close();
            ec2.assertNothingLeft();
        } finally {
            ec2.close();
        }
        assertThat(log).noneMatch(line -> line.contains(System.getProperty("aws.secretAccessKey"))
                || line.contains(System.getProperty("aws.accessKeyId")));
    }

    private Ec2Settings settings() {
        return new Ec2Settings().endpoint(ec2.endpoint()).region("us-east-1").ami("ami-0standin").instanceType("t3.small")
                .sshPort(ec2.sshPort()).user(ec2.user()).sessionId("42").controller("controller-1")
                .pollInterval(Duration.ofMillis(50)).backoff(new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50)))
                .hostKeyWait(Duration.ofSeconds(2)).runningTimeout(Duration.ofSeconds(20));
    }

    private Ec2Provisioner provisioner(Ec2Settings settings) {
        provisioner = new Ec2Provisioner(settings, log::add);
        return provisioner;
    }

    @Test
    void launchedInstancesRunRealSshdWithTheHostKeyFromTheConsoleAndAreGoneAfterDestroy() throws Exception {
        Ec2Provisioner ec2Provisioner = provisioner(settings());
        RecordingListener listener = new RecordingListener();

        ec2Provisioner.launch(3, listener);

        assertThat(listener.created()).hasSize(3);
        assertThat(listener.ready()).hasSize(3);
        assertThat(listener.failed()).isEmpty();
        assertThat(ec2.liveInstances()).hasSize(3).allMatch(i -> i.state().equals("running") && i.sshdRunning());
        for (LaunchedWorker worker : listener.ready()) {
            InstanceView instance = ec2.instances().stream().filter(i -> i.id().equals(worker.instanceId())).findFirst().orElseThrow();
            assertThat(worker.address().host()).isEqualTo(instance.address());
            assertThat(worker.address().hostKey()).isEqualTo(instance.hostKey()).startsWith("ssh-ed25519 ");
            assertThat(worker.instanceType()).isEqualTo("t3.small");
            assertThat(worker.launchedAt()).isNotNull();
            assertThat(SshProbe.runTrue(worker.address(), ec2.clientKey(), scratch)).as("ssh to " + worker).isZero();
        }

        for (LaunchedWorker worker : listener.ready()) ec2Provisioner.destroy(worker);

        assertThat(ec2.liveInstances()).isEmpty();
    }
}
