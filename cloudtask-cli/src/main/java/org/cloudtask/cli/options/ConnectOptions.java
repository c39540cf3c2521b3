package org.cloudtask.cli.options;

import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.Option;

/** Gentle connecting: how fast new SSH handshakes start, so that many workers do not trip sshd's MaxStartups. */
public final class ConnectOptions implements SettingsContributor {

    /** frontEnd keys the transport is rebuilt from. */
    public static final String CONNECT_RATE = "ssh.connect-rate";
    public static final String MAX_STARTUPS = "ssh.max-startups";

    @Option(names = "--connect-rate", paramLabel = "N", converter = Counts.AtLeastOne.class,
            description = "New SSH handshakes started per second at most (default: no limit; --max-startups keeps"
                    + " them gentle).")
    Integer connectRate;

    @Option(names = "--max-startups", paramLabel = "N", defaultValue = "8", converter = Counts.AtLeastOne.class,
            description = "SSH handshakes under way at once at most; keep it below the workers' sshd MaxStartups "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxStartups;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        // why the null check: a new task applies every option (GivenOptions.ALL); no rate is given by default
        if (given.has("--connect-rate") && connectRate != null) {
            settings.frontEnd().put(CONNECT_RATE, Integer.toString(connectRate));
        }
        if (given.has("--max-startups")) settings.frontEnd().put(MAX_STARTUPS, Integer.toString(maxStartups));
    }
}
