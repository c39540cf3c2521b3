package org.cloudtask.cli.run;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.ec2.CommandProvisioner;
import org.cloudtask.ec2.CommandSettings;
import org.cloudtask.ec2.Ec2Provisioner;
import org.cloudtask.ec2.Ec2Settings;

/**
 * Builds the provisioner a task's saved cloud options ask for ({@link org.cloudtask.cli.options.CloudOptions}):
 * EC2 when an AMI is given, the command provisioner when a launch or destroy command is, else none.
 */
public final class Provisioners {

    private Provisioners() {
    }

    /**
     * What can find and destroy the workers these options launched: EC2 when any {@code --ec2-*} option is given,
     * the command provisioner when a launch or destroy command is, else {@link Provisioner#NONE}.
     */
    public static Provisioner forSettings(Map<String, String> saved, Consumer<String> log) {
        boolean commands = saved.containsKey("launch-command") || saved.containsKey("destroy-command");
        if (usesEc2(saved) && commands) {
            throw new CloudTaskException("--ec2-* and --launch-command/--destroy-command cannot be used together: "
                    + "choose EC2 or your own commands");
        }
        try {
            if (usesEc2(saved)) return new Ec2Provisioner(ec2Settings(saved), log);
            if (commands) return commandProvisioner(saved, log);
        } catch (IllegalArgumentException e) {
            throw new CloudTaskException(e.getMessage());
        }
        return Provisioner.NONE;
    }

    /** What launches workers for a task: none when no cloud option is given, else one that can launch. */
    public static Provisioner forTask(Map<String, String> saved, Consumer<String> log) {
        return anyCloud(saved) ? forLaunching(saved, log) : Provisioner.NONE;
    }

    /** Whether these options configure a way to launch workers (EC2 or launch/destroy commands). */
    public static boolean anyCloud(Map<String, String> saved) {
        return usesEc2(saved) || saved.containsKey("launch-command") || saved.containsKey("destroy-command");
    }

    /** A provisioner that can launch, or a one-line error saying which option is missing. */
    public static Provisioner forLaunching(Map<String, String> saved, Consumer<String> log) {
        if (usesEc2(saved)) {
            try {
                ec2Settings(saved).checkLaunchable();
            } catch (IllegalArgumentException e) {
                throw new CloudTaskException(e.getMessage());
            }
        } else if (!saved.containsKey("launch-command")) {
            throw new CloudTaskException("nothing to launch workers with: give --ec2-ami (with --ec2-region, "
                    + "--ec2-key-name, ...) or --launch-command and --destroy-command");
        }
        return forSettings(saved, log);
    }

    private static boolean usesEc2(Map<String, String> saved) {
        return saved.keySet().stream().anyMatch(key -> key.startsWith("ec2-"));
    }

    /** Closes what a provisioner holds (the EC2 client). */
    public static void close(Provisioner provisioner) {
        if (provisioner instanceof Ec2Provisioner ec2) ec2.close();
    }

    static Ec2Settings ec2Settings(Map<String, String> saved) {
        Ec2Settings settings = new Ec2Settings().ami(saved.get("ec2-ami"));
        if (saved.containsKey("ec2-region")) settings.region(saved.get("ec2-region"));
        if (saved.containsKey("ec2-type")) settings.instanceType(saved.get("ec2-type"));
        settings.subnet(saved.get("ec2-subnet")).securityGroup(saved.get("ec2-security-group"))
                .keyName(saved.get("ec2-key-name")).spot(Boolean.parseBoolean(saved.get("ec2-spot")));
        if (saved.containsKey("ec2-endpoint")) settings.endpoint(endpoint(saved.get("ec2-endpoint")));
        if (saved.containsKey("ec2-ssh-port")) settings.sshPort(Integer.parseInt(saved.get("ec2-ssh-port")));
        if (Boolean.parseBoolean(saved.get("ec2-private-address"))) settings.addressChoice(Ec2Settings.AddressChoice.PRIVATE);
        if (saved.containsKey("ec2-metadata-url")) settings.metadataUrl(saved.get("ec2-metadata-url"));
        if (saved.containsKey("ec2-host-key-wait")) {
            settings.hostKeyWait(java.time.Duration.ofMillis(Long.parseLong(saved.get("ec2-host-key-wait"))));
        }
        if (saved.containsKey("max-instances")) settings.maxInstances(Integer.parseInt(saved.get("max-instances")));
        saved.forEach((key, value) -> {
            if (key.startsWith("ec2-tag.")) settings.tag(key.substring("ec2-tag.".length()), value);
        });
        return settings;
    }

    private static Provisioner commandProvisioner(Map<String, String> saved, Consumer<String> log) {
        if (saved.containsKey("launch-command") && !saved.containsKey("destroy-command")) {
            throw new CloudTaskException("--launch-command needs --destroy-command: cloudtask destroys every worker it launches");
        }
        return new CommandProvisioner(new CommandSettings().launchCommand(saved.get("launch-command"))
                .destroyCommand(saved.get("destroy-command")), log);
    }

    private static URI endpoint(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() != null && uri.getHost() != null) return uri;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CloudTaskException("--ec2-endpoint must be a URL such as https://ec2.example.com, not " + text);
    }
}
