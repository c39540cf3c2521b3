package org.cloudtask.cli.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import static org.awaitility.Awaitility.await;

import org.cloudtask.ec2.testing.Ec2Fault;
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
                "--ec2-type", "m5.large", "--ec2-price", "0.096", job.toString())
                .stdinLines(CloudWorkers.numbers(30)).run(ofSeconds(180));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(onlySession()).hasSize(30).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(result.stdout()).containsPattern("launched workers: 3 \\(m5\\.large\\), 0\\.\\d{3} instance-hours, "
                + "busy \\d+% of the paid time, cost 0\\.\\d{4} at 0\\.096 per hour");
        assertThat(java.nio.file.Files.readString(sessions.resolve("1").resolve("journal")))
                .containsPattern("LAUNCH \\d+ created i-\\w+ m5\\.large").containsPattern("LAUNCH \\d+ destroyed i-\\w+");
        assertThat(ec2.instances()).hasSize(3);
        assertThat(ec2.liveInstances()).isEmpty();
    }

    @Test
    void launchedWorkersAloneRunTheTaskWhenNoneIsListed() throws Exception {
        Path job = scripts.marking("job", "0.2");

        CliResult result = workers.cliWithEc2(ec2, "--split", "2", job.toString())
                .stdinLines(CloudWorkers.numbers(6)).run(ofSeconds(180));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(onlySession()).hasSize(6).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(result.stdout()).doesNotContain("local-");
        assertThat(ec2.instances()).hasSize(2);
    }

    @Test
    void apiErrorsOnLaunchAreRetriedABoundedNumberOfTimesAndTheTaskGoesOnWithTheListedWorkers() throws Exception {
        workers.startListed(1);
        // why: throttling is retried a bounded number of times (capacity errors wait minutes, see Ec2AsDocumentedTest)
        ec2.failNext("RunInstances", 100, Ec2Fault.REQUEST_LIMIT_EXCEEDED);
        // why: long enough for the provisioner to give up while the task still runs
        Path job = scripts.marking("job", "3");

        CliResult result = workers.cliWithEc2(ec2, "--workers", workers.listedAddresses(), "--split", "2",
                job.toString()).stdinLines(CloudWorkers.numbers(16)).run(ofSeconds(200));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(onlySession()).hasSize(16).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(result.toString()).contains("RequestLimitExceeded").contains("after 6 attempts");
        assertThat(ec2.calls("RunInstances")).hasSize(6);
        assertThat(ec2.instances()).isEmpty();
    }

    @Test
    void anInstanceThatNeverAnswersSshIsTerminatedAndReplaced() throws Exception {
        workers.startListed(1);
        ec2.nextInstancesSilent(1);
        Path job = scripts.marking("job", "1");

        CliResult result = workers.cliWithEc2(ec2, "--workers", workers.listedAddresses(), "--split", "2",
                "--boot-timeout", "4", "--connect-timeout", "2", "--ec2-host-key-wait", "1", job.toString())
                .stdinLines(CloudWorkers.numbers(20)).run(ofSeconds(200));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(onlySession()).hasSize(20).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(result.stdout()).contains("dropped, cannot connect").contains("launching a replacement");
        assertThat(ec2.instances()).hasSize(2);
        assertThat(ec2.calls("TerminateInstances").toString()).contains(ec2.instances().get(0).id());
        assertThat(result.stdout()).contains(ec2.instances().get(1).address() + ":" + ec2.sshPort() + ": exit 0");
    }

    @Test
    void anInstanceThatNeverAnswersIsReplacedOnlyABoundedNumberOfTimes() throws Exception {
        workers.startListed(1);
        ec2.nextInstancesSilent(5);
        Path job = scripts.marking("job", "1");

        CliResult result = workers.cliWithEc2(ec2, "--workers", workers.listedAddresses(), "--split", "2",
                "--boot-timeout", "3", "--connect-timeout", "1", "--ec2-host-key-wait", "1", job.toString())
                .stdinLines(CloudWorkers.numbers(30)).run(ofSeconds(200));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(onlySession()).hasSize(30).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(result.stdout()).contains("the replacements are used up");
        assertThat(ec2.instances()).hasSize(2);
    }

    @Test
    void aLaunchedWorkerDyingMidTaskIsDestroyedAtOnceAndItsJobRunsElsewhere() throws Exception {
        workers.startListed(1);
        Path job = scripts.marking("job", "4");

        try (RunningCli running = workers.cliWithEc2(ec2, "--workers", workers.listedAddresses(), "--split", "2",
                job.toString()).stdinLines(CloudWorkers.numbers(6)).start()) {
            await().atMost(ofSeconds(90)).until(() -> !ec2.liveInstances().isEmpty()
                    && running.stdoutOrStderrContains(ec2.liveInstances().get(0).address() + ":" + ec2.sshPort() + ": joined"));
            String victim = ec2.liveInstances().get(0).id();
            // why: the default host-key policy is strict and no known_hosts names it: the ed25519 key the provisioner
            // pinned from the console block is what let the controller in
            assertThat(ec2.sshd(victim).hostPublicKey()).startsWith("ssh-ed25519 ");
            await().pollDelay(ofSeconds(1)).atMost(ofSeconds(10)).until(() -> true);
            ec2.sshd(victim).killWithSessions();

            await().atMost(ofSeconds(60)).until(() -> ec2.liveInstances().stream().noneMatch(i -> i.id().equals(victim)));
            CliResult result = running.awaitExit(ofSeconds(180));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("its jobs go back to the queue");
        }
        assertThat(onlySession()).hasSize(6).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(JobScripts.count(scripts.marks(), "done")).hasSize(6);
    }

    @Test
    void abortMidTaskTerminatesEveryLaunchedInstanceAndResumeFinishes() throws Exception {
        Path job = scripts.marking("job", "30");

        CliResult aborted;
        try (RunningCli running = workers.cliWithEc2(ec2, "--split", "2", "--kill-grace", "1", job.toString())
                .stdinLines(CloudWorkers.numbers(4)).start()) {
            await().atMost(ofSeconds(90)).until(() -> JobScripts.count(scripts.marks(), "start").size() == 2);
            running.signal("TERM");
            aborted = running.awaitExit(ofSeconds(90));
        }

        assertThat(aborted.exitCode()).as(aborted.toString()).isEqualTo(143);
        assertThat(ec2.instances()).hasSize(2);
        assertThat(ec2.liveInstances()).isEmpty();

        Path quick = scripts.marking("job", "0.1");
        CliResult resumed = workers.withCredentials("--resume", "1").run(ofSeconds(180));

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(quick).exists();
        assertThat(onlySession()).hasSize(4).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(ec2.liveInstances()).isEmpty();
    }

    /** Starts a task on two launched workers, waits until both run a job, and kills the controller with SIGKILL. */
    private void killControllerMidTask(Path job) throws Exception {
        try (RunningCli running = workers.cliWithEc2(ec2, "--split", "2", job.toString())
                .stdinLines(CloudWorkers.numbers(4)).start()) {
            await().atMost(ofSeconds(90)).until(() -> JobScripts.count(scripts.marks(), "start").size() == 2);
            running.signal("KILL");
            assertThat(running.awaitExit(ofSeconds(30)).exitCode()).isEqualTo(137);
        }
        assertThat(ec2.liveInstances()).hasSize(2);
    }

    @Test
    void afterTheControllerIsKilledDestroyWorkersSessionDestroysItsInstances() throws Exception {
        killControllerMidTask(scripts.marking("job", "60"));

        CliResult destroyed = workers.withCredentials("destroy-workers", "--session", "1").run(ofSeconds(90));

        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(destroyed.stderr()).contains("session 1: destroyed 2 of 2 instances");
        assertThat(ec2.liveInstances()).isEmpty();
    }

    @Test
    void afterTheControllerIsKilledResumeDestroysTheOrphansThenFinishes() throws Exception {
        Path job = scripts.marking("job", "60");
        killControllerMidTask(job);
        java.util.List<String> orphans = ec2.liveInstances().stream().map(i -> i.id()).toList();
        scripts.marking("job", "0.1");

        CliResult resumed = workers.withCredentials("--resume", "1").run(ofSeconds(180));

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.stdout()).contains("destroying 2 workers launched by an earlier controller of this session");
        assertThat(ec2.calls("TerminateInstances").toString()).contains(orphans.get(0)).contains(orphans.get(1));
        assertThat(onlySession()).hasSize(4).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(ec2.liveInstances()).isEmpty();
    }

    @Test
    void aSpotInterruptionNoticeRequeuesTheWorkersJobsAsPreemptedAndLaunchesAReplacement() throws Exception {
        workers.startListed(1);
        Path job = scripts.marking("job", "3");
        // why: each stand-in instance serves its own metadata; {instance} picks it, as 169.254.169.254 does on EC2
        String metadata = ec2.metadataEndpoint("i-marker").toString().replace("i-marker", "{instance}");

        try (RunningCli running = workers.cliWithEc2(ec2, "--workers", workers.listedAddresses(), "--split", "2",
                "--ec2-spot", "--ec2-metadata-url", metadata, "--ping-interval", "1", job.toString())
                .stdinLines(CloudWorkers.numbers(8)).start()) {
            await().atMost(ofSeconds(90)).until(() -> !ec2.liveInstances().isEmpty() && running.stdoutOrStderrContains(
                    ec2.liveInstances().get(0).address() + ":" + ec2.sshPort() + ": joined"));
            String spot = ec2.liveInstances().get(0).id();
            assertThat(ec2.liveInstances().get(0).spot()).isTrue();
            await().pollDelay(ofSeconds(1)).atMost(ofSeconds(10)).until(() -> true);
            ec2.noticeSpotInterruption(spot);

            await().atMost(ofSeconds(60)).until(() -> ec2.liveInstances().stream().noneMatch(i -> i.id().equals(spot)));
            CliResult result = running.awaitExit(ofSeconds(180));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("spot interruption notice; no new jobs")
                    .contains("preempted, worker preempted (spot interruption notice), will run again")
                    .contains("launching a replacement").contains("0 failed");
        }
        assertThat(onlySession()).hasSize(8).allMatch(j -> j.state().equals("EXIT=0"));
        assertThat(java.nio.file.Files.readString(sessions.resolve("1").resolve("journal"))).contains("PREEMPTED");
        assertThat(ec2.instances()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void sigtermWhileTheOnlyWorkersStillBootTerminatesThemAndExits143() throws Exception {
        ec2.nextInstancesStayPending(2);
        CliResult aborted;
        try (RunningCli running = workers.cliWithEc2(ec2, "--split", "2", "true")
                .stdinLines(CloudWorkers.numbers(3)).start()) {
            await().atMost(ofSeconds(60)).until(() -> ec2.liveInstances().size() == 2);
            running.signal("TERM");
            aborted = running.awaitExit(ofSeconds(90));
        }

        assertThat(aborted.exitCode()).as(aborted.toString()).isEqualTo(143);
        assertThat(aborted.toString()).doesNotContain("before any job started");
        assertThat(ec2.liveInstances()).as(aborted.toString()).isEmpty();
        assertThat(onlySession()).hasSize(3).allMatch(j -> j.state().equals("PENDING"));
    }
}
