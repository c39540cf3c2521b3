package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.ec2.testing.Ec2Fault;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.Ec2StandInExtension;
import org.cloudtask.ec2.testing.InstanceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class Ec2ProvisionerIntegrationTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;
    private Ec2Provisioner provisioner;

    @TempDir
    Path scratch;

    @BeforeEach
    void useStandIn() {
        ec2 = standIn.get();
    }

    @AfterEach
    void closeProvisionerAndCheckTheLog() {
        if (provisioner != null) provisioner.close();
        assertThat(log).noneMatch(line -> line.contains(System.getProperty("aws.secretAccessKey"))
                || line.contains(System.getProperty("aws.accessKeyId")));
    }

    private Ec2Settings settings() {
        return StandInSettings.of(ec2).backoff(new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50)))
                .hostKeyWait(Duration.ofSeconds(2));
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

    @Test
    void theLogNamesTheRegionInUseEvenWhenNoneWasGiven() throws Exception {
        provisioner(settings().region(null)).launch(1, new RecordingListener());

        // why us-east-1: with an endpoint and no region anywhere, the client signs for it (Ec2Api.region)
        assertThat(log).anyMatch(line -> line.startsWith("RunInstances for 1 instance: ec2 us-east-1 "))
                .noneMatch(line -> line.contains("default region") || line.contains("(s)"));
        destroyAll();
    }

    @Test
    void withoutAnAmiNothingIsLaunchedAndEachWorkerFailsWithAHint() throws Exception {
        RecordingListener listener = new RecordingListener();

        provisioner(settings().ami(null)).launch(2, listener);

        assertThat(ec2.calls("RunInstances")).isEmpty();
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> assertThat(f.reason()).isEqualTo("no AMI given: set --ec2-ami to the image to launch"));
    }

    @Test
    void everyInstanceIsTaggedWithSessionControllerAndUserTags() throws Exception {
        provisioner(settings().tag("team", "batch").tag("cost-centre", "42")).launch(2, new RecordingListener());

        assertThat(ec2.instances()).hasSize(2).allSatisfy(i -> assertThat(i.tags())
                .containsEntry("cloudtask-session", "42").containsEntry("cloudtask-controller", "controller-1")
                .containsEntry("team", "batch").containsEntry("cost-centre", "42"));
        destroyAll();
    }

    @Test
    void instancesAreTaggedAfterwardsWhereTagSpecificationsAreIgnored() throws Exception {
        ec2.ignoreTagSpecifications();

        provisioner(settings()).launch(2, new RecordingListener());

        assertThat(ec2.calls("CreateTags")).hasSize(1);
        assertThat(ec2.instances()).hasSize(2).allSatisfy(i -> assertThat(i.tags()).containsEntry("cloudtask-session", "42"));
        destroyAll();
    }

    @Test
    void spotLaunchAsksForOneTimeSpotInstances() throws Exception {
        provisioner(settings().spot(true).keyName("ops")).launch(1, new RecordingListener());

        assertThat(ec2.calls("RunInstances")).singleElement().satisfies(call -> assertThat(call)
                .containsEntry("InstanceMarketOptions.MarketType", "spot")
                .containsEntry("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time")
                .containsEntry("KeyName", "ops"));
        assertThat(ec2.instances()).singleElement().satisfies(i -> assertThat(i.spot()).isTrue());
        destroyAll();
    }

    @Test
    void capacityErrorOnLaunchIsRetriedAndTheLaunchGoesOn() throws Exception {
        ec2.failNext("RunInstances", 2, Ec2Fault.INSUFFICIENT_CAPACITY);
        RecordingListener listener = new RecordingListener();

        provisioner(settings()).launch(2, listener);

        assertThat(listener.ready()).hasSize(2);
        assertThat(ec2.calls("RunInstances")).hasSize(3);
        assertThat(log).filteredOn(line -> line.contains("InsufficientInstanceCapacity") && line.contains("waiting for EC2 capacity")).hasSize(2);
        destroyAll();
    }

    @Test
    void throttlingBeyondTheRetriesFailsEachWantedWorkerWithAOneLineReason() throws Exception {
        ec2.failNext("RunInstances", 10, Ec2Fault.REQUEST_LIMIT_EXCEEDED);
        RecordingListener listener = new RecordingListener();

        provisioner(settings()).launch(2, listener);

        assertThat(ec2.calls("RunInstances")).hasSize(3);
        assertThat(listener.created()).isEmpty();
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> {
            assertThat(f.worker()).isNull();
            assertThat(f.reason()).contains("RunInstances failed: RequestLimitExceeded").contains("after 3 attempts")
                    .doesNotContain("\n");
        });
    }

    @Test
    void missingCredentialsFailAtOnceWithAHint() throws Exception {
        String accessKey = System.clearProperty("aws.accessKeyId");
        String secretKey = System.clearProperty("aws.secretAccessKey");
        // why: a developer's own ~/.aws files must not be found
        System.setProperty("aws.sharedCredentialsFile", scratch.resolve("no-credentials").toString());
        System.setProperty("aws.configFile", scratch.resolve("no-config").toString());
        try {
            RecordingListener listener = new RecordingListener();

            provisioner(settings()).launch(1, listener);

            assertThat(ec2.calls("RunInstances")).isEmpty();
            assertThat(listener.failed()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(
                    "RunInstances failed: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                            + "or AWS_PROFILE, or run on an instance with a role"));
        } finally {
            System.setProperty("aws.accessKeyId", accessKey);
            System.setProperty("aws.secretAccessKey", secretKey);
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
        }
    }

    @Test
    void errorThatRetryingCannotFixFailsAtOnce() throws Exception {
        ec2.failNext("RunInstances", 1, Ec2Fault.UNAUTHORIZED);
        RecordingListener listener = new RecordingListener();

        provisioner(settings()).launch(1, listener);

        assertThat(ec2.calls("RunInstances")).hasSize(1);
        assertThat(listener.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("UnauthorizedOperation"));
    }

    @Test
    void instanceStuckPendingIsTerminatedAndReplaced() throws Exception {
        ec2.nextInstancesStayPending(1);
        RecordingListener listener = new RecordingListener();

        provisioner(settings().runningTimeout(Duration.ofSeconds(1))).launch(2, listener);

        assertThat(listener.created()).hasSize(3);
        assertThat(listener.ready()).hasSize(2);
        assertThat(listener.failed()).singleElement().satisfies(f -> {
            assertThat(f.worker()).isNotNull();
            assertThat(f.reason()).contains("did not reach running").contains("terminated");
        });
        String stuck = listener.failed().get(0).worker().instanceId();
        assertThat(ec2.instances()).filteredOn(i -> i.id().equals(stuck)).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo("terminated"));
        destroyAll();
    }

    @Test
    void instancesThatDieWhileBootingAreReplacedOnlyABoundedNumberOfTimes() throws Exception {
        ec2.nextInstancesDieWhileBooting(10);
        RecordingListener listener = new RecordingListener();

        provisioner(settings().replacements(2)).launch(1, listener);

        assertThat(listener.created()).hasSize(3);
        assertThat(listener.ready()).isEmpty();
        assertThat(listener.failed()).hasSize(3).allSatisfy(f -> assertThat(f.reason()).contains("went to terminated"));
        assertThat(ec2.calls("RunInstances")).hasSize(3);
    }

    @Test
    void interruptDuringLaunchTerminatesTheBootingInstances() throws Exception {
        ec2.nextInstancesStayPending(2);
        RecordingListener listener = new RecordingListener();
        Ec2Provisioner ec2Provisioner = provisioner(settings().runningTimeout(Duration.ofMinutes(10)));
        BackgroundLaunch launch = BackgroundLaunch.start(ec2Provisioner, 2, listener);
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.created().size() == 2);

        assertThat(launch.interruptAndAwait()).as("interrupt kept").isTrue();
        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> assertThat(f.reason()).contains("launch interrupted; terminated"));
    }

    @Test
    void instanceDestroyedWhileBootingIsNotReplaced() throws Exception {
        ec2.nextInstancesStayPending(1);
        RecordingListener listener = new RecordingListener();
        Ec2Provisioner ec2Provisioner = provisioner(settings().runningTimeout(Duration.ofMinutes(10)));
        BackgroundLaunch launch = BackgroundLaunch.start(ec2Provisioner, 1, listener);
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.created().size() == 1);

        ec2Provisioner.destroy(listener.created().get(0));

        launch.awaitEnd();
        assertThat(listener.failed()).hasSize(1);
        assertThat(listener.failed().get(0).reason()).endsWith("was destroyed while booting");
        assertThat(ec2.calls("RunInstances")).hasSize(1);
    }

    @Test
    void listenerThatThrowsStopsTheLaunchAndLeavesNoInstanceRunning() {
        ec2.nextInstancesStayPending(1);
        RecordingListener broken = new RecordingListener() {
            @Override
            public synchronized void ready(LaunchedWorker worker) {
                throw new IllegalStateException("engine bug");
            }
        };

        assertThatThrownBy(() -> provisioner(settings()).launch(2, broken)).hasMessage("engine bug");

        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(broken.failed()).hasSize(2).allSatisfy(f ->
                assertThat(f.reason()).contains("launch stopped by an error").endsWith("terminated"));
    }

    @Test
    void withoutAHostKeyInTheConsoleTheWorkerIsReadyWithoutOne() throws Exception {
        ec2.withoutHostKeysInConsole();
        RecordingListener listener = new RecordingListener();

        provisioner(settings().hostKeyWait(Duration.ofMillis(300))).launch(1, listener);

        assertThat(listener.ready()).singleElement().satisfies(w -> assertThat(w.address().hostKey()).isNull());
        destroyAll();
    }

    @Test
    void unreadableConsoleHandsTheWorkerOverAtOnceWithoutAHostKey() throws Exception {
        ec2.failNext("GetConsoleOutput", 1, Ec2Fault.UNAUTHORIZED);
        RecordingListener listener = new RecordingListener();

        provisioner(settings().hostKeyWait(Duration.ofMinutes(10))).launch(1, listener);

        assertThat(listener.ready()).singleElement().satisfies(w -> assertThat(w.address().hostKey()).isNull());
        assertThat(log).anyMatch(line -> line.contains("cannot read its console output, so the host-key policy decides"));
        destroyAll();
    }

    @Test
    void maxInstancesIsRespectedAcrossLaunches() throws Exception {
        Ec2Provisioner ec2Provisioner = provisioner(settings().maxInstances(2));
        RecordingListener first = new RecordingListener();
        ec2Provisioner.launch(3, first);
        assertThat(first.ready()).hasSize(2);
        assertThat(first.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("--max-instances 2"));

        RecordingListener second = new RecordingListener();
        ec2Provisioner.launch(1, second);
        assertThat(second.failed()).hasSize(1);

        ec2Provisioner.destroy(first.ready().get(0));
        RecordingListener third = new RecordingListener();
        ec2Provisioner.launch(1, third);
        assertThat(third.ready()).hasSize(1);
        assertThat(ec2.calls("RunInstances")).extracting(call -> call.get("MaxCount")).containsExactly("2", "1");
        destroyAll();
    }

    @Test
    void destroyingTwiceOrAnInstanceLongGoneSucceeds() throws Exception {
        Ec2Provisioner ec2Provisioner = provisioner(settings());
        RecordingListener listener = new RecordingListener();
        ec2Provisioner.launch(1, listener);
        LaunchedWorker worker = listener.ready().get(0);

        ec2Provisioner.destroy(worker);
        ec2Provisioner.destroy(worker);
        ec2Provisioner.destroy(new LaunchedWorker("i-0000000000000dead", null, null, Instant.now().minus(Duration.ofHours(1))));

        assertThat(log).anyMatch(line -> line.contains("i-0000000000000dead is already gone"));
    }

    @Test
    void destroyRetriesThrottlingThenReportsWhatWasLeft() throws Exception {
        Ec2Provisioner ec2Provisioner = provisioner(settings());
        RecordingListener listener = new RecordingListener();
        ec2Provisioner.launch(1, listener);
        ec2.failNext("TerminateInstances", 5, Ec2Fault.REQUEST_LIMIT_EXCEEDED);

        assertThatThrownBy(() -> ec2Provisioner.destroy(listener.ready().get(0)))
                .isInstanceOf(ApiException.class).hasMessageContaining("RequestLimitExceeded");
        assertThat(ec2.calls("TerminateInstances")).hasSize(3);

        ec2Provisioner.destroy(listener.ready().get(0));
    }

    @Test
    void aSessionsInstancesAreFoundByTagForOrphanCleanUp() throws Exception {
        Ec2Provisioner unbound = provisioner(settings().sessionId(null));
        unbound.forSession(7).launch(2, new RecordingListener());
        unbound.forSession(8).launch(1, new RecordingListener());

        List<LaunchedWorker> orphans = provisioner.findSessionInstances("7");

        assertThat(orphans).hasSize(2).allSatisfy(w -> assertThat(w.instanceType()).isEqualTo("t3.small"));
        for (LaunchedWorker orphan : orphans) provisioner.destroy(orphan);
        assertThat(provisioner.findSessionInstances("7")).isEmpty();
        assertThat(provisioner.findSessionInstances("8")).hasSize(1);
        destroyAll();
    }

    @Test
    void instancesAreFoundByAddressButOnlyIfCloudtaskLaunchedThem() throws Exception {
        Ec2Provisioner ec2Provisioner = provisioner(settings());
        RecordingListener listener = new RecordingListener();
        ec2Provisioner.launch(2, listener);
        String launched = listener.ready().get(0).address().host();
        ec2.ignoreTagSpecifications();
        ec2.failNext("CreateTags", 1, Ec2Fault.UNAUTHORIZED);
        ec2Provisioner.launch(1, new RecordingListener());
        String untagged = ec2.liveInstances().get(2).address();

        Map<String, List<LaunchedWorker>> found = ec2Provisioner.findInstancesAt(List.of(launched, untagged, "127.0.0.250"));

        assertThat(found).containsOnlyKeys(launched);
        assertThat(found.get(launched)).extracting(LaunchedWorker::instanceId).containsExactly(listener.ready().get(0).instanceId());
        assertThat(log).anyMatch(line -> line.startsWith("could not tag ") && line.contains("UnauthorizedOperation"));
        destroyAll();
    }

    @Test
    void privateAddressIsUsedWhenAnInstanceHasNoPublicOne() throws Exception {
        ec2.withoutPublicAddresses();
        RecordingListener listener = new RecordingListener();

        provisioner(settings()).launch(1, listener);

        String address = ec2.instances().get(0).address();
        assertThat(listener.ready()).singleElement().satisfies(w -> assertThat(w.address().host()).isEqualTo(address));
        destroyAll();
    }

    @Test
    void silentInstanceIsHandedOverButAnswersNoSsh() throws Exception {
        ec2.nextInstancesSilent(1);
        RecordingListener listener = new RecordingListener();

        provisioner(settings().hostKeyWait(Duration.ofMillis(200))).launch(1, listener);

        // why: only a connection attempt can tell; the engine's boot timeout then destroys it
        LaunchedWorker worker = listener.ready().get(0);
        assertThat(worker.address().hostKey()).isNull();
        assertThatThrownBy(() -> new Socket(worker.address().host(), worker.address().port()).close())
                .isInstanceOf(ConnectException.class);
        destroyAll();
    }

    /** Destroys, through the provisioner, every instance the stand-in still runs. */
    private void destroyAll() throws Exception {
        for (InstanceView instance : ec2.liveInstances()) {
            provisioner.destroy(new LaunchedWorker(instance.id(), null, instance.type(), instance.launchTime()));
        }
    }
}
