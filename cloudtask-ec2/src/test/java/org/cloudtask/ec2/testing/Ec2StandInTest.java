package org.cloudtask.ec2.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The stand-in's own promises, checked with the plain SDK client. */
@Timeout(60)
class Ec2StandInTest {

    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;
    private Ec2Client client;

    @BeforeEach
    void connect() {
        ec2 = standIn.get();
        client = Ec2Client.builder().endpointOverride(ec2.endpoint()).region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private Instance runOne(String clientToken) {
        return client.runInstances(r -> r.imageId("ami-1").minCount(1).maxCount(1).clientToken(clientToken)).instances().get(0);
    }

    private Instance describe(String id) {
        return client.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    @Test
    void instanceBootsToRunningOnItsOwnLoopbackAddressAndTerminatingStopsItsSshd() throws Exception {
        Instance launched = runOne("t1");
        assertThat(launched.state().name()).isEqualTo(InstanceStateName.PENDING);
        assertThat(describe(launched.instanceId()).state().name()).isEqualTo(InstanceStateName.PENDING);
        Instance running = describe(launched.instanceId());
        assertThat(running.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(running.publicIpAddress()).matches("127\\.0\\.0\\.1\\d\\d");
        assertThat(banner(running.publicIpAddress())).startsWith("SSH-2.0-OpenSSH");

        client.terminateInstances(r -> r.instanceIds(launched.instanceId()));

        assertThat(describe(launched.instanceId()).state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThatThrownBy(() -> banner(running.publicIpAddress())).isInstanceOf(ConnectException.class);
    }

    @Test
    void sameClientTokenLaunchesNothingMore() {
        String first = runOne("same").instanceId();

        assertThat(runOne("same").instanceId()).isEqualTo(first);
        assertThat(ec2.instances()).hasSize(1);
        client.terminateInstances(r -> r.instanceIds(first));
    }

    @Test
    void killedSshdDropsConnectionsAndFrozenSshdNeverAnswers() throws Exception {
        String killed = runOne("k").instanceId();
        String frozen = runOne("f").instanceId();
        describe(killed);
        describe(frozen);
        String killedAddress = describe(killed).publicIpAddress();
        String frozenAddress = describe(frozen).publicIpAddress();

        ec2.sshd(killed).killWithSessions();
        ec2.sshd(frozen).freeze();

        assertThat(banner(killedAddress)).isEmpty();
        assertThatThrownBy(() -> banner(frozenAddress)).isInstanceOf(SocketTimeoutException.class);
        client.terminateInstances(r -> r.instanceIds(killed, frozen));
    }

    @Test
    void unknownInstanceIsNotFoundAndUnsignedRequestsAreRefused() throws Exception {
        assertThatThrownBy(() -> describe("i-00000000000000bad")).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));

        HttpURLConnection unsigned = (HttpURLConnection) ec2.endpoint().toURL().openConnection();
        unsigned.setDoOutput(true);
        unsigned.getOutputStream().write("Action=DescribeInstances&Version=2016-11-15".getBytes(StandardCharsets.UTF_8));
        assertThat(unsigned.getResponseCode()).isEqualTo(401);
    }

    @Test
    void spotInterruptionIsNoticedInTheMetadataThenTheInstanceIsTakenBack() throws Exception {
        String id = client.runInstances(r -> r.imageId("ami-1").minCount(1).maxCount(1)
                .instanceMarketOptions(m -> m.marketType("spot"))).instances().get(0).instanceId();
        URI action = URI.create(ec2.metadataEndpoint(id) + "/latest/meta-data/spot/instance-action");
        assertThat(get(action)).isEqualTo(404);

        ec2.noticeSpotInterruption(id);
        assertThat(get(action)).isEqualTo(200);
        ec2.reclaimSpot(id);

        assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(describe(id).stateReason().code()).isEqualTo("Server.SpotInstanceTermination");
        assertThat(get(action)).isEqualTo(404);
    }

    @Test
    void realisticModeBehavesAsTheEc2DocumentationSays() throws Exception {
        ec2.realistic().newInstancesInvisibleFor(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(3))
                .shuttingDownFor(java.time.Duration.ofSeconds(30));
        Instance launched = runOneT2("tok");
        String id = launched.instanceId();

        assertThat(launched.privateIpAddress()).as("no private IP while pending").isNull();
        assertThatThrownBy(() -> describe(id)).as("unknown while not yet visible").isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
        assertThat(client.describeInstances(r -> r.filters(f -> f.name("client-token").values("tok"))).reservations()).isEmpty();
        assertThat(runOneT2("tok").instanceId()).as("same token, same parameters: the original").isEqualTo(id);
        assertThatThrownBy(() -> client.runInstances(r -> r.imageId("ami-2").minCount(1).maxCount(1).clientToken("tok")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IdempotentParameterMismatch"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> describe(id) != null);
        assertThatThrownBy(() -> client.getConsoleOutput(r -> r.instanceId(id).latest(true))).as("Latest on Xen")
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation"));
        URI action = URI.create(ec2.metadataEndpoint(id) + "/latest/meta-data/spot/instance-action");
        assertThat(get(action)).as("IMDSv2 required").isEqualTo(401);

        client.terminateInstances(r -> r.instanceIds(id));
        assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
    }

    private Instance runOneT2(String clientToken) {
        return client.runInstances(r -> r.imageId("ami-1").instanceType("t2.micro").minCount(1).maxCount(1)
                .clientToken(clientToken)).instances().get(0);
    }

    private static int get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    /** The first bytes the SSH port sends within 2 s: "" when the connection is closed at once. */
    private String banner(String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, ec2.sshPort()), 2000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
