package org.cloudtask.cli.options;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/**
 * How workers beyond the pre-listed ones are launched: EC2 ({@code --ec2-*}) or the user's launch and destroy
 * commands. The options are saved with the session (in {@link TaskSettings#frontEnd()}, under the option's name
 * without dashes) so that a resume and {@code destroy-workers --session N} rebuild the same provisioner. Never
 * secrets: AWS credentials come from the SDK's default chain.
 */
public final class CloudOptions implements SettingsContributor {

    @Option(names = "--ec2-region", paramLabel = "REGION", description = "EC2 region (default: the AWS SDK's: AWS_REGION, then the profile's region).")
    String region;

    @Option(names = "--ec2-ami", paramLabel = "ID", description = "Image to launch workers from; enables EC2 launching.")
    String ami;

    @Option(names = "--ec2-type", paramLabel = "TYPE", description = "Instance type (default: t3.micro).")
    String type;

    @Option(names = "--ec2-subnet", paramLabel = "ID", description = "Subnet to launch into (default: the VPC's choice).")
    String subnet;

    @Option(names = "--ec2-security-group", paramLabel = "ID", description = "Security group; must let the controller in on SSH.")
    String securityGroup;

    @Option(names = "--ec2-key-name", paramLabel = "NAME", description = "EC2 key pair installed for the login user.")
    String keyName;

    @Option(names = "--ec2-spot", description = "Launch one-time spot instances.")
    Boolean spot;

    @Option(names = "--ec2-tag", paramLabel = "KEY=VALUE", description = "Extra tag on every instance (repeatable).")
    Map<String, String> tags;

    @Option(names = "--ec2-metadata-url", paramLabel = "URL",
            description = "Instance metadata as seen from a spot worker, for the interruption notice "
                    + "(default: http://169.254.169.254; {instance} is replaced by the instance id).")
    String metadataUrl;

    @Option(names = "--ec2-endpoint", paramLabel = "URL", description = "EC2-compatible API endpoint (default: AWS's).")
    String endpoint;

    @Option(names = "--ec2-ssh-port", paramLabel = "PORT", description = "Port sshd listens on in launched instances (default: 22).")
    Integer sshPort;

    @Option(names = "--ec2-private-address",
            description = "Connect to instances' private IPs (a controller inside the VPC); default: public IP or DNS name.")
    Boolean privateAddress;

    @Option(names = "--ec2-host-key-wait", paramLabel = "SECONDS", converter = Seconds.NonNegative.class,
            description = "How long after 'running' to look for the host key in the console output (default: 180); "
                    + "after that the host-key policy decides.")
    java.time.Duration hostKeyWait;

    @Option(names = "--ec2-price", paramLabel = "PER_HOUR",
            description = "Price of one launched worker per hour: the summary then shows the cost next to the "
                    + "instance-hours and the efficiency (busy time / paid time).")
    Double price;

    @Option(names = "--max-instances", paramLabel = "N", converter = Counts.AtLeastOne.class,
            description = "Most launched workers alive at once (default: 20).")
    Integer maxInstances;

    @Option(names = "--launch-command", paramLabel = "CMD",
            description = "Launches workers on any other cloud: run with the number wanted appended, prints one "
                    + "[user@]host[:port] per line as each is ready.")
    String launchCommand;

    @Option(names = "--destroy-command", paramLabel = "CMD",
            description = "Destroys workers made by --launch-command: run with their addresses appended.")
    String destroyCommand;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        settings.frontEnd().putAll(given(given));
        if (price != null && given.has("--ec2-price")) {
            if (!(price >= 0) || price.isInfinite()) {
                throw new org.cloudtask.cli.UsageException("--ec2-price must be a price per hour, 0 or more, such as 0.0104");
            }
            settings.instancePrice(price);
        }
    }

    /**
     * The options given, as saved in the session: {@code ec2-region -> us-east-1}, {@code ec2-tag.team -> batch}.
     * Options left out keep their saved value (or the provisioner's default).
     */
    public Map<String, String> given(GivenOptions given) {
        Map<String, String> saved = new LinkedHashMap<>();
        put(saved, given, "--ec2-region", region);
        put(saved, given, "--ec2-ami", ami);
        put(saved, given, "--ec2-type", type);
        put(saved, given, "--ec2-subnet", subnet);
        put(saved, given, "--ec2-security-group", securityGroup);
        put(saved, given, "--ec2-key-name", keyName);
        put(saved, given, "--ec2-spot", spot);
        put(saved, given, "--ec2-endpoint", endpoint);
        put(saved, given, "--ec2-metadata-url", metadataUrl);
        put(saved, given, "--ec2-ssh-port", sshPort);
        put(saved, given, "--ec2-private-address", privateAddress);
        put(saved, given, "--ec2-host-key-wait", hostKeyWait == null ? null : hostKeyWait.toMillis());
        put(saved, given, "--max-instances", maxInstances);
        put(saved, given, "--launch-command", launchCommand);
        put(saved, given, "--destroy-command", destroyCommand);
        if (tags != null && given.has("--ec2-tag")) tags.forEach((k, v) -> saved.put("ec2-tag." + k, v));
        return saved;
    }

    private static void put(Map<String, String> saved, GivenOptions given, String option, Object value) {
        if (value != null && given.has(option)) saved.put(option.substring(2), value.toString());
    }
}
