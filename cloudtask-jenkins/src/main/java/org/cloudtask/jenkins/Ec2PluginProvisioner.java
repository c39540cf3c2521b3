package org.cloudtask.jenkins;

import hudson.AbortException;
import hudson.model.Node;
import hudson.plugins.ec2.EC2AbstractSlave;
import hudson.plugins.ec2.EC2Cloud;
import hudson.plugins.ec2.EC2HostAddressProvider;
import hudson.plugins.ec2.SlaveTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.ec2.ClientInstances;
import org.cloudtask.jenkins.support.HeldInstances;
import org.cloudtask.jenkins.support.InstanceBudget;
import org.cloudtask.jenkins.support.TemplateCheck;
import org.cloudtask.jenkins.support.Uninterruptible;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Launches workers from an EC2 plugin cloud's template and terminates them. The instances are not Jenkins nodes
 * ({@code SlaveTemplate.provision} does not add them), so Jenkins' idle-retention never sees them and no agent is
 * started on them; the plugin's orphan clean-up is held off by {@link OrphanLease}. Only templates that avoid
 * orphaned nodes and are not spot are used ({@link TemplateCheck}), and an instance id another build holds or an
 * agent runs on is never taken ({@link HeldInstances}). Caps are enforced here through the controller-wide
 * {@link InstanceBudget}, since {@code provision} skips them.
 */
final class Ec2PluginProvisioner implements Provisioner, AutoCloseable {

    static final InstanceBudget BUDGET = new InstanceBudget();
    static final HeldInstances HELD = new HeldInstances();

    private final EC2Cloud cloud;
    private final SlaveTemplate template;
    private final PrintStream log;
    private final OrphanLease lease;
    private final Set<String> launched = ConcurrentHashMap.newKeySet();

    private Ec2PluginProvisioner(EC2Cloud cloud, SlaveTemplate template, PrintStream log) {
        this.cloud = cloud;
        this.template = template;
        this.log = log;
        this.lease = new OrphanLease(cloud, () -> Set.copyOf(launched));
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
        Optional<String> refused = TemplateCheck.problem(cloudName, templateName, template.getSpotConfig() != null,
                template.isAvoidUsingOrphanedNodes());
        if (refused.isPresent()) throw new AbortException(refused.get());
        return new Ec2PluginProvisioner(cloud, template, log);
    }

    @Override
    public void launch(int count, LaunchListener listener) throws InterruptedException {
        int granted = reserve(count);
        for (int i = granted; i < count; i++) listener.failed(null, PluginText.get("Ec2PluginProvisioner.capReached"));
        if (granted == 0) return;
        if (Thread.currentThread().isInterrupted()) { // why: aborted already; launching only to terminate costs money
            BUDGET.release(cloud.name, template.description, granted);
            return;
        }
        List<EC2AbstractSlave> nodes;
        try {
            // why: FORCE_CREATE, never ALLOW_CREATE; with the template's avoidUsingOrphanedNodes (checked in of())
            // provision never hands back an orphaned or stopped instance. Uninterruptible: an abort during the call
            // would make the AWS SDK drop RunInstances' answer, leaving its instances running unknown to anyone; this
            // way they are recorded (created) and then terminated by awaitReady's interrupt handling below.
            nodes = Uninterruptible.call("cloudtask-ec2-provision-" + cloud.name,
                    () -> template.provision(granted, EnumSet.of(SlaveTemplate.ProvisionOptions.FORCE_CREATE)));
        } catch (Exception e) {
            // why any exception, not only SdkException: whatever provision throws must give the reservation back, or
            // the controller-wide caps shrink until Jenkins restarts
            BUDGET.release(cloud.name, template.description, granted);
            for (int i = 0; i < granted; i++) listener.failed(null, "EC2 launch failed: " + e.getMessage());
            return;
        }
        List<String> ours = claim(nodes == null ? List.of() : nodes);
        BUDGET.release(cloud.name, template.description, granted - ours.size());
        for (int i = ours.size(); i < granted; i++) listener.failed(null, "EC2 launched fewer new instances than asked");
        if (ours.isEmpty()) return;
        for (String id : ours) {
            launched.add(id);
            listener.created(new LaunchedWorker(id, null, template.getType(), Instant.now()));
        }
        lease.start();
        for (int i = 0; i < ours.size(); i++) {
            try {
                awaitReady(ours.get(i), nodes, listener);
            } catch (InterruptedException e) {
                // why: the contract on interrupt: destroy the ones not yet ready, then return
                for (String notReady : ours.subList(i + 1, ours.size())) {
                    destroyQuietly(new LaunchedWorker(notReady, null, null, Instant.now()));
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The returned instances that are new and ours: none another build holds, none a Jenkins agent runs on. */
    private List<String> claim(List<EC2AbstractSlave> nodes) {
        Set<String> agents = new HashSet<>();
        for (Node node : Jenkins.get().getNodes()) {
            if (node instanceof EC2AbstractSlave agent) agents.add(agent.getInstanceId());
        }
        List<String> ours = new ArrayList<>();
        for (EC2AbstractSlave node : nodes) {
            String id = node.getInstanceId();
            if (HELD.claim(id, agents)) {
                ours.add(id);
            } else {
                log.println("cloudtask: the EC2 plugin returned instance '" + id + "', which is not a new instance of"
                        + " this build (another build or a Jenkins agent has it); not used and not terminated");
            }
        }
        return ours;
    }

    private int reserve(int count) {
        List<InstanceBudget.Agent> agents = new ArrayList<>();
        for (Node node : Jenkins.get().getNodes()) {
            if (node instanceof EC2AbstractSlave agent) {
                agents.add(new InstanceBudget.Agent(agent.cloudName, agent.templateDescription));
            }
        }
        return BUDGET.reserve(cloud.name, template.description, count, cloud.getInstanceCap(),
                template.getInstanceCap(), agents);
    }

    private void awaitReady(String instanceId, List<EC2AbstractSlave> nodes, LaunchListener listener)
            throws InterruptedException {
        LaunchedWorker worker = new LaunchedWorker(instanceId, null, template.getType(), Instant.now());
        try {
            ClientInstances instances = Ec2Instances.of(cloud, log);
            Instance instance = instances.awaitRunning(instanceId, Ec2Instances.BOOT_TIMEOUT);
            String host = EC2HostAddressProvider.unix(instance, template.getConnectionStrategy());
            Optional<String> unreachable = TemplateCheck.addressProblem(instanceId, host,
                    String.valueOf(template.getConnectionStrategy()));
            if (unreachable.isPresent()) throw new IOException(unreachable.get());
            // why: cloud-init prints the host keys some time after the instance is running: wait for them
            String hostKey = instances.awaitHostKey(instanceId);
            WorkerAddress address = new WorkerAddress(template.getRemoteAdmin(), host, sshPort(instanceId, nodes), 0,
                    hostKey);
            listener.ready(worker.withAddress(address));
        } catch (InterruptedException e) {
            destroyQuietly(worker);
            throw e;
        } catch (IOException | SdkException e) {
            destroyQuietly(worker);
            listener.failed(worker, "instance " + instanceId + " did not come up: " + e.getMessage());
        }
    }

    private static int sshPort(String instanceId, List<EC2AbstractSlave> nodes) {
        for (EC2AbstractSlave node : nodes) {
            if (instanceId.equals(node.getInstanceId())) return node.getSshPort();
        }
        return 22;
    }

    /**
     * Terminates the instance through the cloud's client and confirms it with DescribeInstances (shutting-down or
     * terminated; unknown to EC2 counts as destroyed), asking again for two minutes. why not the EC2 plugin's
     * {@code EC2OndemandSlave.terminate()}: its future completes normally even when the call failed (ec2 2059 logs
     * SdkException and IOException and goes on), so a failure would be reported as terminated.
     */
    @Override
    public void destroy(LaunchedWorker worker) throws IOException, InterruptedException {
        String id = worker.instanceId();
        try {
            Ec2Instances.of(cloud, log).terminate(id, Ec2Instances.TERMINATE_TIMEOUT);
        } catch (SdkException e) {
            throw new IOException("cannot terminate EC2 instance " + id + ": " + e.getMessage(), e);
        }
        log.println("cloudtask: terminated EC2 instance " + id);
        // why: an instance of an earlier controller (from the session journal) was never reserved here
        if (launched.remove(id)) {
            HELD.release(id);
            BUDGET.release(cloud.name, template.description, 1);
        }
    }

    /**
     * Terminates on a thread of its own, and waits for it even when this one is interrupted. why: after an abort's
     * interrupt every AWS SDK call on this thread fails at once (the SDK throws AbortedException and sets the
     * interrupt again), so an instance that was launched or booting when the abort came would be left running.
     */
    private void destroyQuietly(LaunchedWorker worker) {
        try {
            Uninterruptible.call("cloudtask-ec2-terminate-" + worker.instanceId(), () -> {
                destroy(worker);
                return null;
            });
        } catch (Exception e) {
            log.println("cloudtask: " + e.getMessage());
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
            log.println("cloudtask: terminating EC2 instances still running: " + launched);
            for (String id : List.copyOf(launched)) {
                destroyQuietly(new LaunchedWorker(id, null, null, Instant.now()));
            }
        }
    }
}
