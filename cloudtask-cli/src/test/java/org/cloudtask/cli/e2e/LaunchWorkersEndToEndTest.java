package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cloudtask.cli.e2e.CliProcess.cloudtask;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.Ec2StandInExtension;
import org.cloudtask.ec2.testing.InstanceView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real bin/cloudtask launching and destroying EC2 workers on the stand-in, with credentials from the environment. */
@Timeout(120)
class LaunchWorkersEndToEndTest {

    private static final String SECRET = "e2e-secret-key-never-printed";

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;

    @BeforeEach
    void useStandIn() {
        ec2 = standIn.get();
    }

    private CliProcess cloudtaskWithEc2(String subcommand, String... args) {
        return cloudtask(sessions, scratch)
                .args(subcommand, "--ec2-endpoint", ec2.endpoint().toString(), "--ec2-ssh-port", Integer.toString(ec2.sshPort()))
                .args(args)
                .env("AWS_ACCESS_KEY_ID", "AKIASTANDINE2E00001")
                .env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("AWS_EC2_METADATA_DISABLED", "true");
    }

    @Test
    void ctrlCDestroysTheWorkersStillBootingAndKeepsTheOnesWritten() throws Exception {
        ec2.nextInstancesStayPending(1);
        Path file = scratch.resolve("workers");
        CliResult interrupted;
        try (RunningCli running = cloudtaskWithEc2("launch-workers", "--ec2-ami", "ami-1", "2", file.toString()).start()) {
            await().atMost(ofSeconds(60)).until(() -> Files.exists(file) && Files.readAllLines(file).size() == 1);
            running.signal("INT");
            interrupted = running.awaitExit(ofSeconds(60));
        }

        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        assertThat(interrupted.toString()).contains("launch interrupted; terminated").doesNotContain(SECRET);
        InstanceView kept = ec2.liveInstances().get(0);
        assertThat(ec2.liveInstances()).hasSize(1);
        assertThat(Files.readAllLines(file)).containsExactly(kept.address() + ":" + ec2.sshPort());

        CliResult destroyed = cloudtaskWithEc2("destroy-workers", file.toString()).run(ofSeconds(60));

        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(file).doesNotExist();
        assertThat(ec2.liveInstances()).isEmpty();
    }
}
