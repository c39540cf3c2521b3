package org.cloudtask.jenkins;

import hudson.AbortException;
import hudson.model.Node;
import hudson.plugins.ec2.EC2AbstractSlave;
import hudson.plugins.ec2.EC2Cloud;
import hudson.plugins.ec2.EC2HostAddressProvider;
import hudson.plugins.ec2.SlaveTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.model.Jenkins;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.jenkins.support.InstanceBudget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Launches workers from an EC2 plugin cloud's template and terminates them. The instances are not Jenkins nodes
 * ({@code SlaveTemplate.provision} does not add them), so Jenkins' idle-retention never sees them and no agent is
 * started on them; the plugin's orphan clean-up is held off by {@link OrphanLease}. Caps are enforced here through
 * the controller-wide {@link InstanceBudget}, since {@code provision} skips them.
 */
final class Ec2PluginProvisioner implements Provisioner, AutoCloseable {

    static final InstanceBudget BUDGET = new InstanceBudget();
    private static final Duration TERMINATE_TIMEOUT = Duration.ofMinutes(2);

    private final EC2Cloud cloud;
    private final SlaveTemplate template;
    private final PrintStream log;
    private final Ec2Instances instances;
    private final OrphanLease lease;
    private final Map<String, EC2AbstractSlave> launched = new ConcurrentHashMap<>();

    private Ec2PluginProvisioner(EC2Cloud cloud, SlaveTemplate template, PrintStream log) {
        this.cloud = cloud;
        this.template = template;
        this.log = log;
        this.instances = new Ec2Instances(cloud);
        this.lease = new OrphanLease(cloud, launched::keySet);
    }

    /** The provisioner for the step's {@code cloud} and {@code template}, or null when none is named. */
    static Ec2PluginProvisioner of(String cloudName, String templateName, PrintStream log) throws AbortException {
        if (cloudName == null) return null;
        EC2Cloud cloud = Ec2Clouds.find(cloudName);
        if (cloud == null) throw new AbortException(PluginText.get("Ec2PluginProvisioner.noCloud", cloudName));
        SlaveTemplate template = cloud.getTemplate(templateName);
        if (template == null) {
            throw new AbortException(PluginText.get("Ec2PluginProvisioner.noTemplate", templateName, cloudName));
        }
        return new Ec2PluginProvisioner(cloud, template, log);
    }

    @Override
    public void launch(int count, LaunchListener listener) throws InterruptedException {
        int granted = reserve(count);
        for (int i = granted; i < count; i++) listener.failed(null, PluginText.get("Ec2PluginProvisioner.capReached"));
        if (granted == 0) return;
        List<EC2AbstractSlave> nodes;
        try {
            // why: FORCE_CREATE, never ALLOW_CREATE, which may restart a stopped instance that belongs to a Jenkins agent
            nodes = template.provision(granted, EnumSet.of(SlaveTemplate.ProvisionOptions.FORCE_CREATE));
        } catch (IOException | SdkException e) {
            BUDGET.release(cloud.name, template.description, granted);
            for (int i = 0; i < granted; i++) listener.failed(null, "EC2 launch failed: " + e.getMessage());
            return;
        }
        int created = nodes == null ? 0 : nodes.size();
        BUDGET.release(cloud.name, template.description, granted - created);
        for (int i = created; i < granted; i++) listener.failed(null, "EC2 launched fewer instances than asked");
        if (created == 0) return;
        for (EC2AbstractSlave node : nodes) {
            launched.put(node.getInstanceId(), node);
            listener.created(new LaunchedWorker(node.getInstanceId(), null, template.getType(), Instant.now()));
        }
        lease.start();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                awaitReady(nodes.get(i), listener);
            } catch (InterruptedException e) {
                // why: the contract on interrupt: destroy the ones not yet ready, then return
                for (EC2AbstractSlave notReady : nodes.subList(i + 1, nodes.size())) {
                    destroyQuietly(new LaunchedWorker(notReady.getInstanceId(), null, null, Instant.now()));
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int reserve(int count) {
        int inCloud = 0;
        int ofTemplate = 0;
        for (Node node : Jenkins.get().getNodes()) {
            if (node instanceof EC2AbstractSlave agent && agent.getCloud() == cloud) {
                inCloud++;
                if (template.description.equals(agent.templateDescription)) ofTemplate++;
            }
        }
        return BUDGET.reserve(cloud.name, template.description, count, cloud.getInstanceCap(),
                template.getInstanceCap(), inCloud, ofTemplate);
    }

    private void awaitReady(EC2AbstractSlave node, LaunchListener listener) throws InterruptedException {
        LaunchedWorker worker = new LaunchedWorker(node.getInstanceId(), null, template.getType(), Instant.now());
        try {
            Instance instance = instances.awaitRunning(node.getInstanceId(), Ec2Instances.BOOT_TIMEOUT);
            String host = EC2HostAddressProvider.unix(instance, template.getConnectionStrategy());
            String hostKey = instances.hostKeyFromConsole(node.getInstanceId());
            WorkerAddress address = new WorkerAddress(template.getRemoteAdmin(), host, node.getSshPort(), 0, hostKey);
            listener.ready(worker.withAddress(address));
        } catch (InterruptedException e) {
            destroyQuietly(worker);
            throw e;
        } catch (IOException | SdkException e) {
            destroyQuietly(worker);
            listener.failed(worker, "instance " + node.getInstanceId() + " did not come up: " + e.getMessage());
        }
    }

    @Override
    public void destroy(LaunchedWorker worker) throws IOException, InterruptedException {
        EC2AbstractSlave node = launched.remove(worker.instanceId());
        try {
            if (node != null) {
                node.terminate().get(TERMINATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } else {
                // launched by an earlier controller (found in the session journal): terminate it by id
                instances.terminate(worker.instanceId());
            }
            log.println("cloudtask: terminated EC2 instance " + worker.instanceId());
        } catch (ExecutionException | TimeoutException | SdkException e) {
            if (node != null) launched.put(worker.instanceId(), node);
            throw new IOException("cannot terminate EC2 instance " + worker.instanceId() + ": " + e.getMessage(), e);
        }
        if (node != null) BUDGET.release(cloud.name, template.description, 1);
    }

    private void destroyQuietly(LaunchedWorker worker) {
        try {
            destroy(worker);
        } catch (IOException e) {
            log.println("cloudtask: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String describe() {
        return "jenkins ec2 cloud " + cloud.name + " template " + template.description;
    }

    /** Stops the lease; the engine has destroyed every worker it launched by the time the task returns. */
    @Override
    public void close() {
        lease.close();
        if (!launched.isEmpty()) {
            log.println("cloudtask: terminating EC2 instances still running: " + launched.keySet());
            for (String id : List.copyOf(launched.keySet())) {
                destroyQuietly(new LaunchedWorker(id, null, null, Instant.now()));
            }
        }
    }
}
