package org.cloudtask.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import org.cloudtask.core.text.Counted;

/**
 * RunInstances as EC2 really answers it:
 * <ul>
 * <li>no answer (a timeout, a network or server error) does not mean nothing was launched ("Ensuring idempotency in
 * Amazon EC2 API requests": a request can time out after taking effect): the same request, with the same client
 * token, is sent again until an answer comes, for {@link Ec2Settings#lostAnswerWindow()}; EC2 then answers with the
 * instances the first one launched, or launches them now;</li>
 * <li>no capacity ({@code InsufficientInstanceCapacity}, spot's {@code UnfulfillableCapacity}, ...) passes in
 * minutes: it is waited for with {@link Ec2Settings#capacityBackoff()}, each wait logged;</li>
 * <li>the account's quota ({@code VcpuLimitExceeded}, {@code InstanceLimitExceeded}) does not pass while our own
 * instances run: fewer instances are asked for (half each time), and with one still refused the call fails with a
 * hint.</li>
 * </ul>
 * A new client token is used only after a definite refusal (nothing was launched), since the same token with other
 * parameters is refused ({@code IdempotentParameterMismatch}).
 */
final class RunInstancesCall {

    private final Ec2Api api;
    private final Ec2Settings settings;
    private final InstanceRequests requests;
    private final Consumer<String> log;
    private RunInstancesRequest inFlight;

    RunInstancesCall(Ec2Api api, Ec2Settings settings, InstanceRequests requests, Consumer<String> log) {
        this.api = api;
        this.settings = settings;
        this.requests = requests;
        this.log = log;
    }

    /** Launches between 1 and {@code count} instances. */
    List<Instance> launch(int count) throws ApiException, InterruptedException {
        int asked = count;
        int capacityWaits = 0;
        while (true) {
            inFlight = requests.run(asked, UUID.randomUUID().toString());
            try {
                List<Instance> launched = answerOf(inFlight);
                inFlight = null;
                if (launched.size() < asked) {
                    log.accept("EC2 launched " + launched.size() + " of the " + Counted.of(asked, "instance") + " asked for");
                }
                return launched;
            } catch (ApiException e) {
                inFlight = null; // why: a definite refusal launched nothing
                if (Ec2Errors.isCapacity(e.code()) && ++capacityWaits < settings.capacityBackoff().attempts()) {
                    Duration wait = settings.capacityBackoff().delay(capacityWaits);
                    log.accept("waiting for EC2 capacity for " + asked + " " + settings.instanceType() + (settings.spot() ? " spot" : "")
                            + (asked == 1 ? " instance (" : " instances (") + e.code() + "): asking again in " + wait.toSeconds() + " s ("
                            + capacityWaits + " of " + (settings.capacityBackoff().attempts() - 1) + ")");
                    Thread.sleep(wait.toMillis());
                } else if (Ec2Errors.isQuota(e.code()) && asked > 1) {
                    log.accept(e.code() + ": the account's quota does not allow " + asked + " more instances; asking for "
                            + asked / 2);
                    asked /= 2;
                } else if (Ec2Errors.isQuota(e.code())) {
                    throw new ApiException(e.getMessage() + "; the account's instance or vCPU quota is reached: ask AWS "
                            + "for more (Service Quotas) or launch fewer workers", e.code(), e);
                } else {
                    throw e;
                }
            }
        }
    }

    /**
     * After an interrupt: what the request in flight launched, asked again with its client token (EC2 launches it
     * now if the first never arrived), so that it can be terminated; empty when none was in flight.
     */
    List<Instance> recoverInterrupted() throws InterruptedException {
        RunInstancesRequest request = inFlight;
        if (request == null) return List.of();
        try {
            return answerOf(request);
        } catch (ApiException e) {
            log.accept("could not learn what an interrupted RunInstances launched (client token " + request.clientToken()
                    + "): " + e.getMessage());
            return List.of();
        }
    }

    /** The answer to this request, sent again with the same client token while none comes. */
    private List<Instance> answerOf(RunInstancesRequest request) throws ApiException, InterruptedException {
        Instant since = null;
        while (true) {
            try {
                return api.runInstances(request);
            } catch (ApiException e) {
                if (!Ec2Errors.mayHaveTakenEffect(e)) throw e;
                if (since == null) since = Instant.now();
                if (Instant.now().isAfter(since.plus(settings.lostAnswerWindow()))) {
                    String session = requests.sessionId();
                    throw new ApiException("RunInstances got no answer for " + settings.lostAnswerWindow().toSeconds()
                            + " s (client token " + request.clientToken() + "); instances it may have launched carry the tag "
                            + InstanceRequests.SESSION_TAG + "=" + session + ": cloudtask destroy-workers --session " + session
                            + " terminates them", e.code(), e);
                }
                log.accept(e.getMessage() + "; asking again with the same client token (it may have launched instances)");
                Thread.sleep(settings.backoff().delay(settings.backoff().attempts()).toMillis());
            }
        }
    }
}
