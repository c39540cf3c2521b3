package org.cloudtask.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.cloudtask.cli.console.Console;
import org.cloudtask.cli.options.CloudOptions;
import org.cloudtask.cli.options.Counts;
import org.cloudtask.cli.options.GivenOptions;
import org.cloudtask.cli.run.AddressFile;
import org.cloudtask.cli.run.Provisioners;
import org.cloudtask.cli.run.SignalAborter;
import org.cloudtask.cli.run.WorkersLaunch;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.text.LosslessText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cloudtask launch-workers N FILE|-}: launches workers outside any task, for later use with --workers. */
@Command(name = "launch-workers", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true, usageHelpWidth = HelpSections.MAX_WIDTH,
        header = "Launches N workers and writes their addresses, for --workers FILE.",
        description = {"Launches N workers (EC2 with --ec2-*, or --launch-command) and writes each address to FILE, "
                + "or to standard output for -, as soon as it boots. Never overwrites FILE. Ctrl-C destroys the "
                + "workers still booting; those already written stay (destroy them with destroy-workers FILE).", ""},
        footer = {"", "Exit status: 0 all N launched; 1 some could not be; 2 usage error; 130/143 interrupted."})
final class LaunchWorkersCommand implements Callable<Integer> {

    @Mixin
    CloudOptions cloud = new CloudOptions();

    @Parameters(index = "0", paramLabel = "N", converter = Counts.AtLeastOne.class, description = "Workers to launch.")
    int count;

    @Parameters(index = "1", paramLabel = "FILE|-", description = "Where to write the addresses, one per line.")
    String file;

    private final CliEnvironment environment;

    LaunchWorkersCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        Provisioner provisioner = Provisioners.forLaunching(cloud.given(GivenOptions.ALL), this::log);
        try (AddressFile addresses = AddressFile.create(file, environment.out())) {
            WorkersLaunch launch = new WorkersLaunch(provisioner, addresses, this::log);
            Console console = new Console(environment.out(), environment.err(), false, System::nanoTime);
            int signalStatus;
            // why: always abort through the launch, never by exiting at once: booting instances must be terminated
            try (SignalAborter signals = SignalAborter.install(launch::interrupt, () -> true, console)) {
                launch.run(count);
                signalStatus = signals.signalStatus();
            }
            if (signalStatus != 0) return signalStatus;
            if (launch.launched() < count) {
                log("launched " + launch.launched() + " of " + count + " workers");
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        } finally {
            Provisioners.close(provisioner);
        }
    }

    private void log(String line) {
        PrintStream err = environment.err();
        // why: lines hold what the launch command or the cloud said; a terminal shows them
        err.println("cloudtask: " + LosslessText.printable(line));
    }
}
