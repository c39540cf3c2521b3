package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.Ec2StandInExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real bin/cloudtask launching EC2 workers on the stand-in next to pre-listed OpenSSH workers. */
@Timeout(240)
class Ec2WorkersEndToEndTest {

    @TempDir
    Path sessions;

    @TempDir
    Path scratch;

    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;
    private CloudWorkers workers;
    private JobScripts scripts;

    @BeforeEach
    void start() {
        ec2 = standIn.get();
        workers = new CloudWorkers(sessions, scratch);
        scripts = new JobScripts(scratch);
    }

    @AfterEach
    void stop() throws IOException {
        workers.close();
    }

    private java.util.List<SessionFiles.JobLine> onlySession() throws IOException {
        SessionFiles files = new SessionFiles(sessions);
        assertThat(files.ids()).hasSize(1);
        return files.jobs(files.ids().get(0));
    }

    @Test
    void splitBeyondTheListedLaunchesExactlyTheDifferenceAndDestroysThem() throws Exception {
        workers.startListed(2);

        Path job = scripts.marking("job", "0.3");

        CliResult result = workers.cliWithEc2(ec2, "--workers", workers.listedAddresses(), "--split", "5",
                job.toString()).stdinLines(CloudWorkers.numbers(30)).run(ofSeconds(180));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(onlySession()).hasSize(30).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(ec2.instances()).hasSize(3);
        assertThat(ec2.liveInstances()).isEmpty();
    }
}
