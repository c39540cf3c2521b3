package org.cloudtask.ec2;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How {@link CommandProvisioner} runs the user's launch and destroy commands. */
public final class CommandSettings {

    private String launchCommand;
    private String destroyCommand;
    private Map<String, String> environment = new LinkedHashMap<>();
    private Duration launchTimeout = Duration.ofMinutes(30);
    private Duration destroyTimeout = Duration.ofMinutes(10);
    private Path directory;

    /**
     * Run with the number of workers wanted as its last argument; prints one address per line. Required unless the
     * provisioner only destroys ({@code destroy-workers}).
     */
    public String launchCommand() { return launchCommand; }
    public CommandSettings launchCommand(String value) { launchCommand = value; return this; }

    /** Run with the addresses to destroy as its last arguments; null when workers cannot be destroyed. */
    public String destroyCommand() { return destroyCommand; }
    public CommandSettings destroyCommand(String value) { destroyCommand = value; return this; }

    /** Variables given to both commands, on top of PATH, HOME and LANG; nothing else of ours leaks in. */
    public Map<String, String> environment() { return environment; }
    public CommandSettings environment(Map<String, String> value) { environment = new LinkedHashMap<>(value); return this; }

    /** Limit for one launch command to print every address and exit. */
    public Duration launchTimeout() { return launchTimeout; }
    public CommandSettings launchTimeout(Duration value) { launchTimeout = value; return this; }

    /** Limit for one destroy command. */
    public Duration destroyTimeout() { return destroyTimeout; }
    public CommandSettings destroyTimeout(Duration value) { destroyTimeout = value; return this; }

    /** Working directory of both commands, or null for the controller's. */
    public Path directory() { return directory; }
    public CommandSettings directory(Path value) { directory = value; return this; }

    /** A copy that can be changed without changing this one. */
    public CommandSettings copy() {
        return new CommandSettings().launchCommand(launchCommand).destroyCommand(destroyCommand).environment(environment)
                .launchTimeout(launchTimeout).destroyTimeout(destroyTimeout).directory(directory);
    }

    void check() {
        if (blank(launchCommand) && blank(destroyCommand)) {
            throw new IllegalArgumentException("no launch command given: set --launch-command to a command that prints worker addresses");
        }
    }

    private static boolean blank(String command) {
        return command == null || command.isBlank();
    }
}
