package org.cloudtask.ec2;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.WorkerAddress;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Launches workers as EC2 instances (or on an EC2-compatible API) with the AWS SDK, tagged with the session and the
 * controller so that a later controller can find and destroy them. Credentials come from the SDK's default chain and
 * never pass through cloudtask's own code, logs or session files.
 */
public final class Ec2Provisioner implements Provisioner, AutoCloseable {

    /** Tags starting with this are cloudtask's own and may not be set with {@code --ec2-tag}. */
    public static final String TAG_PREFIX = "cloudtask-";
    public static final String SESSION_TAG = InstanceRequests.SESSION_TAG;
    public static final String CONTROLLER_TAG = InstanceRequests.CONTROLLER_TAG;

    // why: EC2 is eventually consistent; an instance created moments ago may be "not found" for a while
    private static final Duration FRESH = Duration.ofMinutes(2);

    private final Ec2Settings settings;
    private final Consumer<String> log;
    private final Ec2Api api;
    private final InstanceQuota quota;

    /**
     * @param settings what to launch; checked here with one-line {@link IllegalArgumentException}s (call {@link
     *                 Ec2Settings#checkLaunchable} first to refuse a missing AMI before anything runs)
     * @param log      where status lines go (the session log); never receives secrets
     */
    public Ec2Provisioner(Ec2Settings settings, Consumer<String> log) {
        settings.check();
        this.settings = settings.copy();
        this.log = log;
        this.api = new Ec2Api(settings, log);
        this.quota = new InstanceQuota(settings.maxInstances());
    }

    private Ec2Provisioner(Ec2Provisioner original, String sessionId) {
        this.settings = original.settings.copy().sessionId(sessionId);
        this.log = original.log;
        this.api = original.api;
        this.quota = original.quota;
    }

    /**
     * The same provisioner, tagging what it launches with this session (it shares the API client, which either
     * one's {@link #close} closes, and the {@code --max-instances} count).
     */
    @Override
    public Ec2Provisioner forSession(long sessionId) {
        return new Ec2Provisioner(this, Long.toString(sessionId));
    }

    @Override
    public void launch(int count, LaunchListener listener) {
        if (count <= 0) return;
        try {
            settings.checkLaunchable();
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < count; i++) listener.failed(null, e.getMessage());
            return;
        }
        log.accept("launching " + count + " worker(s): " + describe());
        new LaunchRound(settings, api, quota, listener, log).run(count);
    }

    @Override
    public void destroy(LaunchedWorker worker) throws IOException, InterruptedException {
        String id = worker.instanceId();
        quota.destroyRequested(id);
        for (int attempt = 1; ; attempt++) {
            try {
                api.terminate(List.of(id));
                log.accept("terminated " + id);
                quota.gone(id);
                return;
            } catch (ApiException e) {
                if (!Ec2Errors.NOT_FOUND.equals(e.code())) {
                    log.accept("could not terminate " + id + ": " + e.getMessage());
                    throw e;
                }
                boolean fresh = Duration.between(worker.launchedAt(), Instant.now()).compareTo(FRESH) < 0;
                if (!fresh || attempt >= settings.backoff().attempts()) {
                    log.accept(id + " is already gone");
                    quota.gone(id);
                    return;
                }
                Thread.sleep(settings.backoff().delay(attempt).toMillis());
            }
        }
    }

    /**
     * The instances of a session that are not yet terminated, found by their {@code cloudtask-session} tag: for
     * {@code destroy-workers --session N} and for destroying what a crashed controller left.
     */
    public List<LaunchedWorker> findSessionInstances(String sessionId) throws IOException, InterruptedException {
        return api.find(InstanceRequests.ofSession(sessionId)).stream().map(this::asWorker).toList();
    }

    /**
     * The instances cloudtask launched (in any session) at these host addresses, public or private IPs or public DNS
     * names, by address: for {@code destroy-workers FILE}, whose lines are addresses. Instances without a {@code
     * cloudtask-session} tag are never returned, so they are never destroyed.
     */
    public Map<String, List<LaunchedWorker>> findInstancesAt(Collection<String> hosts) throws IOException, InterruptedException {
        Map<String, List<LaunchedWorker>> found = new LinkedHashMap<>();
        if (hosts.isEmpty()) return found;
        Map<String, Instance> instances = new LinkedHashMap<>();
        for (Filter[] filters : InstanceRequests.atAddresses(hosts)) {
            for (Instance instance : api.find(filters)) instances.putIfAbsent(instance.instanceId(), instance);
        }
        for (String host : hosts) {
            List<LaunchedWorker> at = instances.values().stream()
                    .filter(i -> host.equals(i.publicIpAddress()) || host.equals(i.privateIpAddress()) || host.equals(i.publicDnsName()))
                    .map(this::asWorker).toList();
            if (!at.isEmpty()) found.put(host, at);
        }
        return found;
    }

    private LaunchedWorker asWorker(Instance instance) {
        WorkerAddress address = InstanceAddresses.choose(settings.addressChoice(), instance)
                .map(host -> new WorkerAddress(settings.user(), host, settings.sshPort(), 0, null)).orElse(null);
        return new LaunchedWorker(instance.instanceId(), address, instance.instanceTypeAsString(),
                instance.launchTime() != null ? instance.launchTime() : Instant.now());
    }

    /**
     * For spot workers: asks the instance metadata for the interruption notice, on the worker, with curl (IMDSv2
     * token first, as instances may require it) or wget; exits 0 only when the notice is there.
     */
    @Override
    public String interruptionCheck(LaunchedWorker worker) {
        if (!settings.spot()) return null;
        String url = org.cloudtask.core.input.ShellQuoting.quote(
                settings.metadataUrl().replace("{instance}", worker.instanceId()));
        String notice = "\"$u/latest/meta-data/spot/instance-action\"";
        return "u=" + url + "; if command -v curl >/dev/null 2>&1; then"
                + " t=$(curl -fsS -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' \"$u/latest/api/token\" 2>/dev/null);"
                + " if [ -n \"$t\" ]; then curl -fs -m 2 -o /dev/null -H \"X-aws-ec2-metadata-token: $t\" " + notice + ";"
                + " else curl -fs -m 2 -o /dev/null " + notice + "; fi;"
                + " else wget -q -T 2 -O /dev/null " + notice + "; fi";
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        api.close();
    }
}
