package org.cloudtask.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The few EC2 calls cloudtask makes, each retried with jittered backoff while the error is a passing one. The SDK's
 * own retries are off so that there is one retry policy, ours, and its outcome is logged.
 */
final class Ec2Api implements AutoCloseable {

    /**
     * why: EC2 refuses more than 200 values in one filter (FilterLimitExceeded; not on the Filter page of the API
     * Reference, but enforced), and TerminateInstances recommends batches well under its 1000 ids.
     */
    static final int MAX_IDS_PER_CALL = 200;

    private final Ec2Client client;
    private final Backoff backoff;
    private final Consumer<String> log;
    private final ExecutorService calls;

    Ec2Api(Ec2Settings settings, Consumer<String> log) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .region(region(settings))
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
        AtomicInteger threads = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloudtask-ec2-call-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The region the client calls: the one given, or the one the SDK's default chain found. */
    String region() {
        return client.serviceClientConfiguration().region().id();
    }

    /**
     * The region given, else the SDK's default chain ({@code AWS_REGION}, the {@code aws.region} property, the
     * profile's region); an EC2-compatible endpoint without one signs for us-east-1, as such clouds mostly ignore it.
     */
    private static Region region(Ec2Settings settings) {
        if (settings.region() != null) return Region.of(settings.region());
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (settings.endpoint() != null) return Region.US_EAST_1;
            throw new IllegalArgumentException("no AWS region found: give --ec2-region, or set AWS_REGION, or a region in "
                    + "the AWS profile (~/.aws/config)");
        }
    }

    List<Instance> runInstances(RunInstancesRequest request) throws ApiException, InterruptedException {
        return call("RunInstances", () -> client.runInstances(request).instances());
    }

    /**
     * The instances EC2 shows now among these ids; an id it does not know yet is simply absent. why: with {@code
     * InstanceIds}, one id not yet visible fails the whole call ("Eventual consistency in the Amazon EC2 API"); the
     * {@code instance-id} filter leaves it out instead.
     */
    List<Instance> describe(Collection<String> instanceIds) throws ApiException, InterruptedException {
        List<Instance> instances = new ArrayList<>();
        for (List<String> chunk : chunks(instanceIds)) {
            instances.addAll(find(Filter.builder().name("instance-id").values(chunk).build()));
        }
        return instances;
    }

    /** Instances that match all the filters, every page ({@code NextToken}). */
    List<Instance> find(Filter... filters) throws ApiException, InterruptedException {
        return call("DescribeInstances", () -> {
            List<Instance> found = new ArrayList<>();
            client.describeInstancesPaginator(r -> r.filters(filters)).reservations()
                    .forEach(reservation -> found.addAll(reservation.instances()));
            return found;
        });
    }

    /** One TerminateInstances per chunk of ids; all-or-nothing per call (see {@link Termination}). */
    void terminate(Collection<String> instanceIds) throws ApiException, InterruptedException {
        for (List<String> chunk : chunks(instanceIds)) {
            call("TerminateInstances", () -> client.terminateInstances(r -> r.instanceIds(chunk)));
        }
    }

    /** why: a thousand-worker batch is split into calls (and filters) of at most {@link #MAX_IDS_PER_CALL}. */
    static List<List<String>> chunks(Collection<String> ids) {
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

    /**
     * The instance's console output, decoded, or "" when there is none yet: the latest output (Nitro types only) or
     * the buffered one posted after boot.
     */
    String consoleOutput(String instanceId, boolean latest) throws ApiException, InterruptedException {
        String base64 = call("GetConsoleOutput", () -> client.getConsoleOutput(r -> r.instanceId(instanceId).latest(latest)).output());
        return ConsoleOutput.decode(base64);
    }

    /** One call with retries; throws {@link ApiException} with a one-line reason when they are used up. */
    <T> T call(String action, Supplier<T> call) throws ApiException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return interruptibly(call);
            } catch (SdkException e) {
                if (!Ec2Errors.isPassing(e) || attempt >= backoff.attempts()) {
                    throw new ApiException(Ec2Errors.describe(action, e, attempt), Ec2Errors.code(e), e);
                }
                log.accept(Ec2Errors.describe(action, e, 1) + "; retrying (" + attempt + " of " + (backoff.attempts() - 1) + ")");
                Thread.sleep(backoff.delay(attempt).toMillis());
            }
        }
    }

    /**
     * Runs the call on a thread of its own and waits for it interruptibly. why: the URL-connection client cannot be
     * interrupted, so an abort would wait for the socket timeout; the caller returns at once and the call ends on its
     * own (a RunInstances whose answer is lost so is asked again with its client token).
     */
    private <T> T interruptibly(Supplier<T> call) throws InterruptedException {
        Future<T> running = calls.submit(call::get);
        try {
            return running.get();
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
        client.close();
    }
}
