package org.cloudtask.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The few EC2 calls cloudtask makes, each retried with jittered backoff while the error is a passing one. The SDK's
 * own retries are off so that there is one retry policy, ours, and its outcome is logged.
 */
final class Ec2Api implements AutoCloseable {

    private static final int MAX_IDS_PER_CALL = 200;

    private final Ec2Client client;
    private final Backoff backoff;
    private final Consumer<String> log;

    Ec2Api(Ec2Settings settings, Consumer<String> log) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .region(Region.of(settings.region()))
                // why: the default chain keeps credentials inside the SDK; cloudtask never sees, logs or saves them
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.apiTimeout())
                        .socketTimeout(settings.apiTimeout()))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.apiTimeout()));
        if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
        this.client = builder.build();
        this.backoff = settings.backoff();
        this.log = log;
    }

    List<Instance> runInstances(RunInstancesRequest request) throws ApiException, InterruptedException {
        return call("RunInstances", () -> client.runInstances(request).instances());
    }

    List<Instance> describe(Collection<String> instanceIds) throws ApiException, InterruptedException {
        List<Instance> instances = new ArrayList<>();
        for (List<String> chunk : chunks(instanceIds)) {
            instances.addAll(call("DescribeInstances", () -> flatten(client.describeInstances(r -> r.instanceIds(chunk)).reservations())));
        }
        return instances;
    }

    /** Instances (not yet terminated) that match all the filters, every page. */
    List<Instance> find(Filter... filters) throws ApiException, InterruptedException {
        return call("DescribeInstances", () -> {
            List<Instance> found = new ArrayList<>();
            client.describeInstancesPaginator(r -> r.filters(filters)).reservations()
                    .forEach(reservation -> found.addAll(reservation.instances()));
            return found;
        });
    }

    void terminate(Collection<String> instanceIds) throws ApiException, InterruptedException {
        for (List<String> chunk : chunks(instanceIds)) {
            call("TerminateInstances", () -> client.terminateInstances(r -> r.instanceIds(chunk)));
        }
    }

    /** why: EC2 caps the ids one call may name; a thousand-worker batch is split into calls of a few hundred. */
    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_CALL) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_CALL)));
        }
        return chunks;
    }

    void tag(Collection<String> instanceIds, List<Tag> tags) throws ApiException, InterruptedException {
        call("CreateTags", () -> client.createTags(r -> r.resources(instanceIds).tags(tags)));
    }

    /** The instance's console output, decoded, or "" when there is none yet. */
    String consoleOutput(String instanceId) throws ApiException, InterruptedException {
        String base64 = call("GetConsoleOutput", () -> client.getConsoleOutput(r -> r.instanceId(instanceId).latest(true)).output());
        return ConsoleOutput.decode(base64);
    }

    /** One call with retries; throws {@link ApiException} with a one-line reason when they are used up. */
    <T> T call(String action, Supplier<T> call) throws ApiException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException(action + " interrupted");
                if (!Ec2Errors.isPassing(e) || attempt >= backoff.attempts()) {
                    throw new ApiException(Ec2Errors.describe(action, e, attempt), Ec2Errors.code(e), e);
                }
                log.accept(Ec2Errors.describe(action, e, 1) + "; retrying (" + attempt + " of " + (backoff.attempts() - 1) + ")");
                Thread.sleep(backoff.delay(attempt).toMillis());
            }
        }
    }

    private static List<Instance> flatten(List<Reservation> reservations) {
        List<Instance> instances = new ArrayList<>();
        reservations.forEach(reservation -> instances.addAll(reservation.instances()));
        return instances;
    }

    @Override
    public void close() {
        client.close();
    }
}
