package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.ec2.testing.Ec2Fault;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.Ec2StandInExtension;
import org.cloudtask.ec2.testing.InstanceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputRequest;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

/**
 * The Jenkins plugin's calls on an instance the EC2 plugin launched, through a client it did not make (as the EC2
 * plugin's cloud's {@code connect()}), against the EC2 stand-in: the host key is waited for while cloud-init has not
 * printed it yet, and termination is confirmed by DescribeInstances, asked again, and reported when it fails. The
 * client is wrapped ({@link LateClient}) to hold the key back and to drop terminations, as a slow cloud-init and a
 * lost request would.
 */
@Timeout(120)
class ClientInstancesTest {

    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;
    private LateClient client;
    private final List<String> log = new ArrayList<>();
    private ClientInstances instances;

    @BeforeEach
    void connect() {
        ec2 = standIn.get();
        client = new LateClient(Ec2Client.builder().endpointOverride(ec2.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
                .build());
        instances = new ClientInstances(client, Duration.ofMillis(50), Duration.ofSeconds(30), log::add);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private String launch() {
        return client.runInstances(r -> r.imageId("ami-0standin").instanceType("t3.small").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
    }

    @Test
    void theHostKeyIsWaitedForUntilCloudInitPrintsIt() throws Exception {
        String id = launch();
        instances.awaitRunning(id, Duration.ofSeconds(30));
        client.consoleReadsWithoutOutput.set(3);

        String key = instances.awaitHostKey(id);

        assertThat(key).as("read once, as before, the console had no key yet").startsWith("ssh-ed25519 ");
        assertThat(ec2.calls("GetConsoleOutput")).hasSize(1);
        assertThat(client.consoleReads).hasValue(4);
        instances.terminate(id, Duration.ofSeconds(10));
    }

    @Test
    void terminationIsConfirmedAndAskedAgainWhileTheInstanceStillRuns() throws Exception {
        String id = launch();
        instances.awaitRunning(id, Duration.ofSeconds(30));
        client.terminationsLost.set(2);

        instances.terminate(id, Duration.ofSeconds(30));

        assertThat(ec2.calls("TerminateInstances")).hasSize(1);
        assertThat(log).filteredOn(line -> line.contains("still running after TerminateInstances")).hasSize(2);
        assertThat(ec2.instances()).extracting(InstanceView::state).containsExactly("terminated");
        ec2.assertNothingLeft();
    }

    @Test
    void aTerminationThatKeepsFailingIsReportedNamingTheInstanceAndTheError() throws Exception {
        String id = launch();
        instances.awaitRunning(id, Duration.ofSeconds(30));
        ec2.failNext("TerminateInstances", 1, Ec2Fault.UNAUTHORIZED);

        // why: no time to ask again, so the one failure is the outcome
        assertThatThrownBy(() -> instances.terminate(id, Duration.ZERO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot terminate EC2 instance " + id)
                .hasMessageContaining("UnauthorizedOperation");
        assertThat(ec2.liveInstances()).extracting(InstanceView::id).containsExactly(id);

        instances.terminate(id, Duration.ofSeconds(10));
    }

    @Test
    void anInstanceEc2NoLongerKnowsCountsAsDestroyed() throws Exception {
        instances.terminate("i-0000000000000dead", Duration.ofSeconds(5));
        assertThat(ec2.calls("TerminateInstances")).hasSize(1);
    }

    /** The stand-in's client, but the first console reads come back empty and the first terminations are lost. */
    static final class LateClient implements Ec2Client {

        final AtomicInteger consoleReadsWithoutOutput = new AtomicInteger();
        final AtomicInteger consoleReads = new AtomicInteger();
        final AtomicInteger terminationsLost = new AtomicInteger();
        private final Ec2Client real;

        LateClient(Ec2Client real) {
            this.real = real;
        }

        @Override
        public RunInstancesResponse runInstances(RunInstancesRequest request) {
            return real.runInstances(request);
        }

        @Override
        public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
            return real.describeInstances(request);
        }

        @Override
        public GetConsoleOutputResponse getConsoleOutput(GetConsoleOutputRequest request) {
            consoleReads.incrementAndGet();
            if (consoleReadsWithoutOutput.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return GetConsoleOutputResponse.builder().instanceId(request.instanceId()).build();
            }
            return real.getConsoleOutput(request);
        }

        @Override
        public TerminateInstancesResponse terminateInstances(TerminateInstancesRequest request) {
            if (terminationsLost.getAndUpdate(n -> Math.max(0, n - 1)) > 0) return TerminateInstancesResponse.builder().build();
            return real.terminateInstances(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
