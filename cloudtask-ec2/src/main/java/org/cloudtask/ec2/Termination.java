package org.cloudtask.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Terminates instances as EC2 really behaves, until each one is terminated or confirmed gone:
 * <ul>
 * <li>TerminateInstances is all-or-nothing ("If you specify multiple instances and the request fails (for example,
 * because of a single incorrect instance ID), none of the instances are terminated", EC2 API Reference,
 * TerminateInstances): the ids the error names are set aside and the rest terminated at once;</li>
 * <li>{@code InvalidInstanceID.NotFound} does not mean gone ("Eventual consistency in the Amazon EC2 API": a new
 * instance can be unknown for a while, and after TerminateInstances NotFound "does not mean the instance was or will
 * be terminated"): such an instance is looked up with DescribeInstances (an {@code instance-id} filter) with
 * backoff, terminated again once it shows, and counted gone only when it shows as terminated, or when it is still
 * unknown {@link Ec2Settings#consistencyWindow()} after its launch (an instance that old is always known while it
 * lives; a terminated one vanishes after about an hour);</li>
 * <li>a call that got no answer may have taken effect; TerminateInstances is idempotent ("Ensuring idempotency in
 * Amazon EC2 API requests"), so it is asked again for {@link Ec2Settings#lostAnswerWindow()}.</li>
 * </ul>
 */
final class Termination {

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]+");

    private final Ec2Api api;
    private final Ec2Settings settings;
    private final Consumer<String> log;

    Termination(Ec2Api api, Ec2Settings settings, Consumer<String> log) {
        this.api = api;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Terminates these instances (id to launch time).
     *
     * @return the ids counted gone without a TerminateInstances of ours taking them (already gone)
     * @throws ApiException naming the instances not terminated, when EC2 refused for another reason than NotFound
     */
    Set<String> terminate(Map<String, Instant> instances) throws ApiException, InterruptedException {
        Map<String, Instant> toTerminate = new LinkedHashMap<>(instances);
        Map<String, Instant> unknown = new LinkedHashMap<>();
        Set<String> alreadyGone = new LinkedHashSet<>();
        Instant started = Instant.now();
        Instant unansweredSince = null;
        int lookups = 0;
        while (!toTerminate.isEmpty() || !unknown.isEmpty()) {
            if (!toTerminate.isEmpty()) {
                try {
                    api.terminate(toTerminate.keySet());
                    toTerminate.clear();
                    continue;
                } catch (ApiException e) {
                    if (Ec2Errors.NOT_FOUND.equals(e.code())) {
                        // why: bounded, should DescribeInstances keep showing what TerminateInstances does not know
                        if (over(started, settings.consistencyWindow().multipliedBy(2))) {
                            throw new ApiException("could not terminate " + String.join(" ", toTerminate.keySet())
                                    + ": EC2 shows them but still answers " + e.getMessage(), e.code(), e);
                        }
                        setAside(named(e, toTerminate.keySet()), toTerminate, unknown);
                        continue;
                    }
                    if (Ec2Errors.MALFORMED.equals(e.code())) {
                        Set<String> malformed = named(e, toTerminate.keySet());
                        log.accept("not an instance id, left out: " + String.join(" ", malformed));
                        malformed.forEach(toTerminate::remove);
                        alreadyGone.addAll(malformed);
                        continue;
                    }
                    if (unansweredSince == null) unansweredSince = Instant.now();
                    if (!Ec2Errors.mayHaveTakenEffect(e) || over(unansweredSince, settings.lostAnswerWindow())) {
                        throw new ApiException("could not terminate " + String.join(" ", toTerminate.keySet()) + ": "
                                + e.getMessage(), e.code(), e);
                    }
                    Thread.sleep(settings.backoff().delay(settings.backoff().attempts()).toMillis());
                    continue;
                }
            }
            // why: back off before asking again, as the consistency page says, from a short wait up to the backoff's cap
            Thread.sleep(settings.backoff().delay(++lookups).toMillis());
            lookUp(unknown, toTerminate, alreadyGone);
        }
        return alreadyGone;
    }

    /** The ids an error names among those asked about; all of them when it names none (then DescribeInstances sorts them). */
    private static Set<String> named(ApiException e, Set<String> asked) {
        Set<String> named = new LinkedHashSet<>();
        Matcher m = INSTANCE_ID.matcher(String.valueOf(e.getMessage()));
        while (m.find()) {
            if (asked.contains(m.group())) named.add(m.group());
        }
        return named.isEmpty() ? new LinkedHashSet<>(asked) : named;
    }

    private static void setAside(Set<String> ids, Map<String, Instant> from, Map<String, Instant> to) {
        for (String id : ids) to.put(id, from.remove(id));
    }

    /** Sorts the unknown instances: shown terminated (gone), shown alive (terminate again), still unknown (wait). */
    private void lookUp(Map<String, Instant> unknown, Map<String, Instant> toTerminate, Set<String> alreadyGone)
            throws ApiException, InterruptedException {
        for (Instance instance : api.describe(unknown.keySet())) {
            String id = instance.instanceId();
            InstanceStateName state = instance.state().name();
            if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN) {
                unknown.remove(id);
                alreadyGone.add(id);
            } else {
                toTerminate.put(id, unknown.remove(id));
            }
        }
        for (Map.Entry<String, Instant> still : Map.copyOf(unknown).entrySet()) {
            Instant launched = still.getValue() == null ? Instant.MIN : still.getValue();
            if (over(launched, settings.consistencyWindow())) {
                log.accept(still.getKey() + " is unknown to EC2 " + settings.consistencyWindow().toSeconds()
                        + " s after its launch, so it is gone");
                unknown.remove(still.getKey());
                alreadyGone.add(still.getKey());
            }
        }
    }

    private static boolean over(Instant since, Duration window) {
        return since == Instant.MIN || Instant.now().isAfter(since.plus(window));
    }
}
