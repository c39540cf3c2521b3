package org.cloudtask.ec2;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cloudtask.core.session.Hosts;

/**
 * How {@link Ec2Provisioner} launches instances. Defaults are the CLI's. Holds no credentials: those come from the
 * SDK's default chain (environment, system properties, profile files, instance role) and are never seen here.
 */
public final class Ec2Settings {

    /** Which of an instance's addresses the controller connects to. */
    public enum AddressChoice {
        /** The public IP, else the public DNS name, else the private IP (a controller outside the VPC). */
        PUBLIC,
        /** The private IP (a controller inside the VPC). */
        PRIVATE
    }

    private String region;
    private String ami;
    private String instanceType = "t3.micro";
    private String subnet;
    private String securityGroup;
    private String keyName;
    private boolean spot;
    private String metadataUrl = "http://169.254.169.254";
    private Map<String, String> tags = new LinkedHashMap<>();
    private URI endpoint;
    private int maxInstances = 20;
    private AddressChoice addressChoice = AddressChoice.PUBLIC;
    private int sshPort;
    private String user;
    private String sessionId;
    private String controller = Hosts.localName();
    private Duration runningTimeout = Duration.ofMinutes(5);
    private Duration hostKeyWait = Duration.ofMinutes(3);
    private int replacements = 2;
    private Duration pollInterval = Duration.ofSeconds(5);
    private Backoff backoff = Backoff.DEFAULT;
    private Duration apiTimeout = Duration.ofSeconds(60);
    // why: "Eventual consistency in the Amazon EC2 API" asks for retries "increasing gradually up to a few minutes"
    private Duration consistencyWindow = Duration.ofMinutes(5);
    private Duration lostAnswerWindow = Duration.ofMinutes(10);
    private Backoff capacityBackoff = new Backoff(8, Duration.ofSeconds(30), Duration.ofMinutes(5));
    private Duration slowConsoleWait = Duration.ofMinutes(10);

    /** The region, or null for the SDK's default chain ({@code AWS_REGION}, {@code aws.region}, the profile). */
    public String region() { return region; }
    public Ec2Settings region(String value) { region = value; return this; }

    /** The image to launch; required for launching, not for destroying. */
    public String ami() { return ami; }
    public Ec2Settings ami(String value) { ami = value; return this; }

    public String instanceType() { return instanceType; }
    public Ec2Settings instanceType(String value) { instanceType = value; return this; }

    /** Subnet to launch into, or null for the default VPC's choice. */
    public String subnet() { return subnet; }
    public Ec2Settings subnet(String value) { subnet = value; return this; }

    /** Security group id, or null for the VPC's default group. */
    public String securityGroup() { return securityGroup; }
    public Ec2Settings securityGroup(String value) { securityGroup = value; return this; }

    /** Name of the EC2 key pair installed for the login user, or null when the image brings its own keys. */
    public String keyName() { return keyName; }
    public Ec2Settings keyName(String value) { keyName = value; return this; }

    /** One-time spot instances instead of on-demand. */
    public boolean spot() { return spot; }
    public Ec2Settings spot(boolean value) { spot = value; return this; }

    /**
     * Where a spot worker finds its instance metadata (the interruption notice), as seen from the worker; {@code
     * {instance}} is replaced by the instance id (tests point each instance at its own stand-in).
     */
    public String metadataUrl() { return metadataUrl; }
    public Ec2Settings metadataUrl(String value) { metadataUrl = value; return this; }

    /** Extra tags put on every instance (the CLI's repeatable {@code --ec2-tag k=v}). */
    public Map<String, String> tags() { return tags; }
    public Ec2Settings tags(Map<String, String> value) { tags = new LinkedHashMap<>(value); return this; }
    public Ec2Settings tag(String key, String value) { tags.put(key, value); return this; }

    /** Endpoint of an EC2-compatible API (other clouds, the test stand-in), or null for AWS's own. */
    public URI endpoint() { return endpoint; }
    public Ec2Settings endpoint(URI value) { endpoint = value; return this; }

    /** Most instances this provisioner keeps alive at once, replacements included. */
    public int maxInstances() { return maxInstances; }
    public Ec2Settings maxInstances(int value) { maxInstances = value; return this; }

    public AddressChoice addressChoice() { return addressChoice; }
    public Ec2Settings addressChoice(AddressChoice value) { addressChoice = value; return this; }

    /** SSH port put in every worker address, or 0 for the transport's default. */
    public int sshPort() { return sshPort; }
    public Ec2Settings sshPort(int value) { sshPort = value; return this; }

    /** Login user put in every worker address, or null for the transport's default. */
    public String user() { return user; }
    public Ec2Settings user(String value) { user = value; return this; }

    /** Value of the {@code cloudtask-session} tag; see {@link Ec2Provisioner#forSession}. */
    public String sessionId() { return sessionId; }
    public Ec2Settings sessionId(String value) { sessionId = value; return this; }

    /** Value of the {@code cloudtask-controller} tag; this machine's host name by default. */
    public String controller() { return controller; }
    public Ec2Settings controller(String value) { controller = value; return this; }

    /** How long an instance may stay pending before it is terminated and replaced. */
    public Duration runningTimeout() { return runningTimeout; }
    public Ec2Settings runningTimeout(Duration value) { runningTimeout = value; return this; }

    /**
     * How long after reaching running to look for the host key in the console output before handing the worker
     * over without one (the transport's host-key policy then decides).
     */
    public Duration hostKeyWait() { return hostKeyWait; }
    public Ec2Settings hostKeyWait(Duration value) { hostKeyWait = value; return this; }

    /** Instances that failed to boot are replaced at most this many times per launch. */
    public int replacements() { return replacements; }
    public Ec2Settings replacements(int value) { replacements = value; return this; }

    /** Time between DescribeInstances rounds while instances boot. */
    public Duration pollInterval() { return pollInterval; }
    public Ec2Settings pollInterval(Duration value) { pollInterval = value; return this; }

    /** Retries of API calls that failed for a passing reason (throttling, capacity, limits). */
    public Backoff backoff() { return backoff; }
    public Ec2Settings backoff(Backoff value) { backoff = value; return this; }

    /** Limit for one API call, retries not included. */
    public Duration apiTimeout() { return apiTimeout; }
    public Ec2Settings apiTimeout(Duration value) { apiTimeout = value; return this; }

    /**
     * How long an instance id that EC2 does not know (yet) is asked about again before it counts as gone: a new
     * instance can be unknown for a while, and a NotFound from TerminateInstances does not mean it was terminated.
     */
    public Duration consistencyWindow() { return consistencyWindow; }
    public Ec2Settings consistencyWindow(Duration value) { consistencyWindow = value; return this; }

    /**
     * How long a RunInstances (or TerminateInstances) that got no answer is asked again, with the same client token,
     * until an answer comes: the request may have taken effect.
     */
    public Duration lostAnswerWindow() { return lostAnswerWindow; }
    public Ec2Settings lostAnswerWindow(Duration value) { lostAnswerWindow = value; return this; }

    /** Retries of a launch refused for lack of capacity (InsufficientInstanceCapacity, UnfulfillableCapacity, ...). */
    public Backoff capacityBackoff() { return capacityBackoff; }
    public Ec2Settings capacityBackoff(Backoff value) { capacityBackoff = value; return this; }

    /**
     * How long after running to look for the host key in the buffered console output, on instance types (Xen) that
     * cannot give the latest output: it is posted only minutes after boot.
     */
    public Duration slowConsoleWait() { return slowConsoleWait; }
    public Ec2Settings slowConsoleWait(Duration value) { slowConsoleWait = value; return this; }

    /** A copy that can be changed without changing this one. */
    public Ec2Settings copy() {
        Ec2Settings c = new Ec2Settings().region(region).ami(ami).instanceType(instanceType).subnet(subnet)
                .securityGroup(securityGroup).keyName(keyName).spot(spot).tags(tags).endpoint(endpoint)
                .maxInstances(maxInstances).addressChoice(addressChoice).sshPort(sshPort).user(user).sessionId(sessionId)
                .controller(controller).runningTimeout(runningTimeout).hostKeyWait(hostKeyWait)
                .replacements(replacements).pollInterval(pollInterval).backoff(backoff);
        return c.apiTimeout(apiTimeout).metadataUrl(metadataUrl).consistencyWindow(consistencyWindow)
                .lostAnswerWindow(lostAnswerWindow).capacityBackoff(capacityBackoff).slowConsoleWait(slowConsoleWait);
    }

    /** A one-line description for the session log. */
    public String describe() {
        return describe(region == null ? "(default region)" : region);
    }

    /** The same, naming {@code regionInUse}: the region the client resolved when none was given. */
    public String describe(String regionInUse) {
        return "ec2 " + regionInUse + " " + instanceType + (ami == null ? "" : " " + ami) + (spot ? " spot" : "")
                + (endpoint == null ? "" : " at " + endpoint);
    }

    /** Throws with a one-line message unless this can launch: an AMI is needed beyond {@link #check()}. */
    public void checkLaunchable() {
        check();
        if (ami == null || ami.isBlank()) throw new IllegalArgumentException("no AMI given: set --ec2-ami to the image to launch");
    }

    /** Throws with a one-line message naming what is wrong; enough for finding and destroying instances. */
    void check() {
        if (region != null && region.isBlank()) throw new IllegalArgumentException("empty region: set --ec2-region to a region such as eu-west-1");
        if (maxInstances < 1) throw new IllegalArgumentException("--max-instances must be at least 1, not " + maxInstances);
        if (replacements < 0) throw new IllegalArgumentException("replacements must not be negative");
        for (String key : tags.keySet()) {
            if (key.startsWith(Ec2Provisioner.TAG_PREFIX)) {
                throw new IllegalArgumentException("tag " + key + " is reserved for cloudtask: choose another --ec2-tag name");
            }
        }
    }
}
