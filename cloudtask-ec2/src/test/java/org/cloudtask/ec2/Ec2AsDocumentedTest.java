package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cloudtask.core.provision.HostKeyWatch;
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

/**
 * Issue 20, items 1-11: the provisioner against the stand-in in its realistic mode (eventual consistency, lost
 * answers, all-or-nothing terminate, ...), each test named after what EC2 documents. Windows are seconds here; the
 * production defaults are minutes.
 */
@Timeout(120)
class Ec2AsDocumentedTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;
    private Ec2Provisioner provisioner;

    @TempDir
    Path scratch;

    @BeforeEach
    void useRealisticStandIn() {
        ec2 = standIn.get().realistic();
    }

    @AfterEach
    void destroyWhatIsLeftAndClose() throws Exception {
        if (provisioner == null) return;
        for (InstanceView instance : ec2.liveInstances()) {
            provisioner.destroy(new LaunchedWorker(instance.id(), null, instance.type(), instance.launchTime()));
        }
        provisioner.close();
    }

    private Ec2Settings settings() {
        return StandInSettings.of(ec2).backoff(new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(200)))
                .hostKeyWait(Duration.ofSeconds(5)).slowConsoleWait(Duration.ofSeconds(15)).runningTimeout(Duration.ofSeconds(30))
                .consistencyWindow(Duration.ofSeconds(10)).lostAnswerWindow(Duration.ofSeconds(10)).apiTimeout(Duration.ofSeconds(5));
    }

    /** For tests of the API alone: instances without sshd, handed over without waiting for a host key. */
    private Ec2Settings withoutSsh() {
        ec2.instancesWithoutSshd();
        return settings().hostKeyWait(Duration.ofMillis(100));
    }

    private Ec2Provisioner provisioner(Ec2Settings settings) {
        provisioner = new Ec2Provisioner(settings, log::add);
        return provisioner;
    }

    // ---- 1. a RunInstances whose answer never came ----

    @Test
    void runInstancesWithoutAnAnswerIsSentAgainWithTheSameTokenAndWhatItLaunchedIsUsed() throws Exception {
        ec2.loseAnswers("RunInstances", 5); // more than the 3 attempts of the ordinary retries
        RecordingListener listener = new RecordingListener();

        provisioner(withoutSsh()).launch(2, listener);

        assertThat(listener.ready()).hasSize(2);
        assertThat(ec2.instances()).hasSize(2);
        assertThat(ec2.calls("RunInstances")).hasSize(6).extracting(call -> call.get("ClientToken")).containsOnly(
                ec2.calls("RunInstances").get(0).get("ClientToken"));
    }

    // ---- 2. the lost-answer lookup after an interrupt ----

    @Test
    void interruptedRunInstancesIsLearntWithItsTokenWhileItsInstancesAreNotYetVisible() throws Exception {
        ec2.newInstancesInvisibleFor(Duration.ofSeconds(4), Duration.ofSeconds(4));
        ec2.hangAnswers("RunInstances", 1);
        RecordingListener listener = new RecordingListener();
        BackgroundLaunch launch = BackgroundLaunch.start(provisioner(withoutSsh().apiTimeout(Duration.ofSeconds(2))), 2, listener);
        await().atMost(Duration.ofSeconds(30)).until(() -> ec2.instances().size() == 2);

        launch.interruptAndAwait();

        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(listener.created()).hasSize(2);
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> assertThat(f.reason()).contains("launch interrupted; terminated"));
    }

    // ---- 3. TerminateInstances is all-or-nothing, and new ids answer NotFound ----

    @Test
    void abortRightAfterTheLaunchTerminatesInstancesEc2DoesNotKnowYet() throws Exception {
        ec2.newInstancesInvisibleFor(Duration.ofSeconds(2), Duration.ofSeconds(2));
        ec2.nextInstancesStayPending(3);
        RecordingListener listener = new RecordingListener();
        BackgroundLaunch launch = BackgroundLaunch.start(provisioner(settings()), 3, listener);
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.created().size() == 3);

        launch.interruptAndAwait();

        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(listener.failed()).hasSize(3).allSatisfy(f -> assertThat(f.reason()).endsWith("launch interrupted; terminated"));
    }

    @Test
    void terminationSetsAsideTheIdEc2DoesNotKnowAndTerminatesTheRestAtOnce() throws Exception {
        RecordingListener listener = new RecordingListener();
        Ec2Settings settings = withoutSsh();
        provisioner(settings).launch(1, listener);
        String known = listener.ready().get(0).instanceId();
        ec2.nextInstancesInvisibleFor(Duration.ofSeconds(3));
        String unknown;
        try (Ec2Api api = new Ec2Api(settings, log::add)) {
            unknown = api.runInstances(new InstanceRequests(settings).run(1, "by-hand")).get(0).instanceId();
            Map<String, Instant> both = new java.util.LinkedHashMap<>();
            both.put(known, Instant.now().minusSeconds(1));
            both.put(unknown, Instant.now());

            new Termination(api, settings, log::add).terminate(both);
        }

        InstanceView first = view(known);
        InstanceView second = view(unknown);
        assertThat(first.terminatedAt()).as("the known one is terminated before the other is known").isBefore(second.visibleAt());
        assertThat(second.terminatedAt()).isNotNull();
        assertThat(ec2.calls("TerminateInstances").get(0)).containsEntry("InstanceId.1", known).containsEntry("InstanceId.2", unknown);
    }

    // ---- 4. NotFound is not "gone" ----

    @Test
    void notFoundFromTerminateIsCheckedWithDescribeAndTheRunningInstanceIsTerminated() throws Exception {
        RecordingListener listener = new RecordingListener();
        provisioner(withoutSsh()).launch(1, listener);
        LaunchedWorker worker = listener.ready().get(0);
        ec2.failNext("TerminateInstances", 2, Ec2Fault.notFound(worker.instanceId()));

        provisioner.destroy(new LaunchedWorker(worker.instanceId(), null, null, Instant.now().minus(Duration.ofHours(1))));

        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(log).contains("terminated " + worker.instanceId());
    }

    @Test
    void aFreshInstanceEc2DoesNotKnowYetIsTerminatedOnceItDoes() throws Exception {
        ec2.newInstancesInvisibleFor(Duration.ofSeconds(2), Duration.ofSeconds(2));
        Ec2Settings settings = withoutSsh();
        String id;
        try (Ec2Api api = new Ec2Api(settings, log::add)) {
            id = api.runInstances(new InstanceRequests(settings).run(1, "fresh")).get(0).instanceId();
        }

        provisioner(settings).destroy(new LaunchedWorker(id, null, null, Instant.now()));

        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(log).contains("terminated " + id).noneMatch(line -> line.contains("already gone"));
    }

    // ---- 5. DescribeInstances with InstanceIds fails whole on one unknown id ----

    @Test
    void bootingInstancesGetAStateWhileAnotherIsNotYetVisible() throws Exception {
        ec2.nextInstancesInvisibleFor(Duration.ZERO, Duration.ofSeconds(4));
        Map<String, Instant> readyAt = new ConcurrentHashMap<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public synchronized void ready(LaunchedWorker worker) {
                readyAt.put(worker.instanceId(), Instant.now());
                super.ready(worker);
            }
        };

        provisioner(withoutSsh()).launch(2, listener);

        assertThat(listener.ready()).hasSize(2);
        InstanceView late = ec2.instances().stream().max(java.util.Comparator.comparing(InstanceView::visibleAt)).orElseThrow();
        InstanceView early = ec2.instances().stream().filter(i -> !i.id().equals(late.id())).findFirst().orElseThrow();
        assertThat(readyAt.get(early.id())).as("ready before the other is visible").isBefore(late.visibleAt());
        assertThat(log).noneMatch(line -> line.contains("DescribeInstances failed"));
        assertThat(ec2.calls("DescribeInstances")).noneMatch(call -> call.containsKey("InstanceId.1"));
    }

    @Test
    void describeFollowsNextTokenSoEveryBootingInstanceIsSeen() throws Exception {
        ec2.pageSize(2);
        RecordingListener listener = new RecordingListener();

        provisioner(withoutSsh().runningTimeout(Duration.ofSeconds(8))).launch(5, listener);

        assertThat(listener.ready()).hasSize(5);
        assertThat(listener.failed()).isEmpty();
    }

    // ---- 6. host keys on Xen instance types ----

    @Test
    void onAXenTypeTheHostKeyComesFromTheBufferedConsoleOutput() throws Exception {
        ec2.consoleEmptyFor(Duration.ofSeconds(1));
        RecordingListener listener = new RecordingListener();

        provisioner(settings().instanceType("t2.micro")).launch(1, listener);

        LaunchedWorker worker = listener.ready().get(0);
        assertThat(worker.address().hostKey()).isNotNull().isEqualTo(view(worker.instanceId()).hostKey());
        assertThat(log).anyMatch(line -> line.contains("cannot give the latest console output (UnsupportedOperation)"));
        assertThat(SshProbe.runTrue(worker.address(), ec2.clientKey(), scratch)).isZero();
    }

    @Test
    void hostKeyWatchReadsAXenConsoleOverAPlainSdkClientAsThePluginDoes() throws Exception {
        ec2.consoleEmptyFor(Duration.ofMillis(500));
        RecordingListener listener = new RecordingListener();
        provisioner(settings().instanceType("m4.large").hostKeyWait(Duration.ofMillis(100)).slowConsoleWait(Duration.ofMillis(100)))
                .launch(1, listener);
        String id = listener.ready().get(0).instanceId();
        HostKeyWatch watch = new HostKeyWatch(id, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMillis(100));

        try (software.amazon.awssdk.services.ec2.Ec2Client client = software.amazon.awssdk.services.ec2.Ec2Client.builder()
                .endpointOverride(ec2.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.settled(Ec2Console.of(client), log::add));
        }

        assertThat(watch.readsBufferedOutput()).isTrue();
        assertThat(watch.key()).isEqualTo(view(id).hostKey());
    }

    // ---- 7. filters with too many values ----

    @Test
    void destroyWorkersFindsInstancesAmongMoreAddressesThanOneFilterTakes() throws Exception {
        RecordingListener listener = new RecordingListener();
        provisioner(withoutSsh()).launch(1, listener);
        String address = listener.ready().get(0).address().host();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 250; i++) addresses.add("10.1." + i / 200 + "." + i % 200);
        addresses.add(address);

        Map<String, List<LaunchedWorker>> found = provisioner.findInstancesAt(addresses);

        assertThat(found).containsOnlyKeys(address);
    }

    // ---- 8. capacity and quota errors ----

    @Test
    void spotCapacityErrorsAreWaitedForWithTheirOwnBackoff() throws Exception {
        ec2.failNext("RunInstances", 3, Ec2Fault.UNFULFILLABLE_CAPACITY);
        RecordingListener listener = new RecordingListener();

        provisioner(withoutSsh().spot(true)).launch(1, listener);

        assertThat(listener.ready()).hasSize(1);
        assertThat(log).filteredOn(line -> line.startsWith("waiting for EC2 capacity for 1 t3.small spot instance (UnfulfillableCapacity)"))
                .hasSize(3);
    }

    @Test
    void quotaRefusalAsksForFewerThenFailsTheRestWithAHint() throws Exception {
        ec2.instanceQuota(2);
        RecordingListener listener = new RecordingListener();

        provisioner(withoutSsh()).launch(4, listener);

        assertThat(listener.ready()).hasSize(2);
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> assertThat(f.reason()).contains("VcpuLimitExceeded")
                .contains("quota is reached: ask AWS for more (Service Quotas) or launch fewer workers"));
        assertThat(ec2.calls("RunInstances")).extracting(call -> call.get("MaxCount")).containsExactly("4", "2", "2", "1");
    }

    @Test
    void partialFulfilmentUsesWhatCameAndAsksForTheRest() throws Exception {
        ec2.capacityForNext(1);
        RecordingListener listener = new RecordingListener();

        provisioner(withoutSsh()).launch(3, listener);

        assertThat(listener.ready()).hasSize(3);
        assertThat(ec2.calls("RunInstances")).extracting(call -> call.get("MaxCount")).containsExactly("3", "2");
    }

    // ---- 9. spot interruption notices under IMDSv2 ----

    @Test
    void interruptionCheckUsesAnImdsV2TokenWithCurlOrWgetAndTellsTroubleApartFromNoNotice() throws Exception {
        RecordingListener listener = new RecordingListener();
        Ec2Provisioner spot = provisioner(withoutSsh().spot(true).metadataUrl(ec2.endpoint() + "/imds/{instance}"));
        spot.launch(1, listener);
        LaunchedWorker worker = listener.ready().get(0);
        String check = spot.interruptionCheck(worker);
        Path wgetOnly = toolsWithout("curl");

        assertThat(run(check, null).exit()).as("curl, no notice").isEqualTo(1);
        assertThat(run(check, wgetOnly).exit()).as("wget, no notice").isEqualTo(1);
        ec2.noticeSpotInterruption(worker.instanceId());
        assertThat(run(check, null).exit()).as("curl, notice").isZero();
        assertThat(run(check, wgetOnly).exit()).as("wget, notice").isZero();
        ec2.imdsRejectsTokens();
        assertThat(run(check, null)).isEqualTo(new Outcome(2, "instance metadata refused the IMDSv2 token (401)"));
        assertThat(run(check, wgetOnly)).isEqualTo(new Outcome(2, "instance metadata refused the IMDSv2 token (401)"));
        String unreachable = provisioner.interruptionCheck(worker).replace(ec2.endpoint().toString(), "http://127.0.0.1:9");
        assertThat(run(unreachable, null).exit()).isEqualTo(2);
        assertThat(run(unreachable, null).output()).startsWith("no IMDSv2 token from http://127.0.0.1:9/imds/");
    }

    private record Outcome(int exit, String output) { }

    private Outcome run(String check, Path path) throws IOException, InterruptedException {
        ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-c", check).redirectErrorStream(true);
        if (path != null) sh.environment().put("PATH", path.toString());
        Process process = sh.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError("check did not end");
        return new Outcome(process.exitValue(), output);
    }

    /** A PATH with what the check needs but {@code missing}, as on an image without it. */
    private Path toolsWithout(String missing) throws IOException {
        Path bin = Files.createDirectories(scratch.resolve("bin-without-" + missing));
        for (String tool : List.of("curl", "wget", "awk", "cat")) {
            for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
                Path found = Path.of(dir, tool);
                if (!tool.equals(missing) && Files.isExecutable(found) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), found);
                }
            }
        }
        return bin;
    }

    // ---- 10. region ----

    @Test
    void withoutARegionTheSdksDefaultChainDecides() throws Exception {
        System.setProperty("aws.region", "eu-west-1");
        try {
            provisioner(withoutSsh().region(null)).launch(1, new RecordingListener());
        } finally {
            System.clearProperty("aws.region");
        }

        assertThat(ec2.signingRegions()).isNotEmpty().containsOnly("eu-west-1");
    }

    // ---- 11. shutdown behavior and prompt aborts ----

    @Test
    void aWorkerThatPowersItselfOffIsTerminatedNotLeftStopped() throws Exception {
        RecordingListener listener = new RecordingListener();
        provisioner(withoutSsh()).launch(1, listener);
        String id = listener.ready().get(0).instanceId();

        ec2.shutDownFromInside(id);

        assertThat(view(id).state()).isIn("shutting-down", "terminated");
        assertThat(ec2.calls("RunInstances").get(0)).containsEntry("InstanceInitiatedShutdownBehavior", "terminate");
    }

    @Test
    void anAbortDoesNotWaitForAnApiCallThatHangs() throws Exception {
        ec2.hangAnswers("RunInstances", 1);
        RecordingListener listener = new RecordingListener();
        BackgroundLaunch launch = BackgroundLaunch.start(provisioner(withoutSsh().apiTimeout(Duration.ofSeconds(60))), 1, listener);
        await().atMost(Duration.ofSeconds(30)).until(() -> ec2.instances().size() == 1);

        long start = System.nanoTime();
        launch.interruptAndAwait();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(listener.failed()).singleElement().satisfies(f -> assertThat(f.worker()).isNotNull());
    }

    private InstanceView view(String id) {
        return ec2.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }
}
