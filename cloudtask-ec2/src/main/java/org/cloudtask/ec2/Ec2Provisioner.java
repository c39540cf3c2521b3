package org.cloudtask.ec2;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.text.Counted;
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

    private final Ec2Settings settings;
    private final Consumer<String> log;
    private final Ec2Api api;
    private final InstanceQuota quota;
    private final Termination termination;

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
        this.termination = new Termination(api, this.settings, log);
    }

    private Ec2Provisioner(Ec2Provisioner original, String sessionId) {
        this.settings = original.settings.copy().sessionId(sessionId);
        this.log = original.log;
        this.api = original.api;
        this.quota = original.quota;
        this.termination = original.termination;
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
        log.accept("RunInstances for " + Counted.of(count, "instance") + ": " + describe());
        new LaunchRound(settings, api, quota, termination, listener, log).run(count);
    }

    @Override
    public void destroy(LaunchedWorker worker) throws IOException, InterruptedException {
        String id = worker.instanceId();
        quota.destroyRequested(id);
        Map<String, Instant> launched = new LinkedHashMap<>();
        launched.put(id, worker.launchedAt());
        try {
            boolean alreadyGone = !termination.terminate(launched).isEmpty();
            log.accept(alreadyGone ? id + " is already gone" : "terminated " + id);
            quota.gone(id);
        } catch (ApiException e) {
            log.accept(e.getMessage());
            throw e;
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
     * For spot workers: asks the instance metadata for the interruption notice, on the worker, with curl or wget,
     * always with an IMDSv2 token (a PUT with a TTL header; instances launched from AMIs marked for IMDSv2 require
     * it, and a tokenless request then gets 401). Exits 0 when the notice is there (200), 1 when there is none (404),
     * and 2 with one line saying why on anything else: no token (the service unreachable, or the PUT's answer lost
     * beyond the hop limit), 401 (token refused), another status.
     */
    @Override
    public String interruptionCheck(LaunchedWorker worker) {
        if (!settings.spot()) return null;
        String url = org.cloudtask.core.input.ShellQuoting.quote(
                settings.metadataUrl().replace("{instance}", worker.instanceId()));
        return "u=" + url + "; p=\"$u/latest/meta-data/spot/instance-action\"; ttl='X-aws-ec2-metadata-token-ttl-seconds: 60';"
                + " if command -v curl >/dev/null 2>&1; then"
                + " t=$(curl -fsS -m 2 -X PUT -H \"$ttl\" \"$u/latest/api/token\" 2>/dev/null);"
                + " s=$(curl -s -m 2 -o /dev/null -w '%{http_code}' -H \"X-aws-ec2-metadata-token: $t\" \"$p\");"
                + " else"
                + " t=$(wget -q -T 2 -O - --method=PUT --header=\"$ttl\" \"$u/latest/api/token\" 2>/dev/null);"
                + " s=$(wget -S -T 2 -t 1 -O /dev/null --header=\"X-aws-ec2-metadata-token: $t\" \"$p\" 2>&1"
                + " | awk '/^  HTTP\\//{c=$2} END{print c}');"
                + " fi;"
                + " case \"$s\" in 200) exit 0;; 404) exit 1;; esac;"
                + " if [ -z \"$t\" ]; then echo \"no IMDSv2 token from $u (unreachable, or the hop limit too low)\";"
                + " elif [ \"$s\" = 401 ]; then echo \"instance metadata refused the IMDSv2 token (401)\";"
                + " else echo \"instance metadata answered ${s:-nothing}\"; fi; exit 2";
    }

    @Override
    public String describe() {
        return settings.describe(api.region());
    }

    @Override
    public void close() {
        api.close();
    }
}
