package org.cloudtask.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cloudtask.cli.options.CloudOptions;
import org.cloudtask.cli.options.GivenOptions;
import org.cloudtask.cli.run.AddressList;
import org.cloudtask.cli.run.Provisioners;
import org.cloudtask.cli.run.WorkersDestruction;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.CloudTaskException;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.text.LosslessText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cloudtask destroy-workers FILE|-} or {@code --session ID}: destroys launched workers. */
@Command(name = "destroy-workers", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true, usageHelpWidth = HelpSections.MAX_WIDTH,
        header = "Destroys launched workers: those of a file, or what a session left behind.",
        description = {"Destroys the workers listed in FILE (as launch-workers wrote it; - for standard input), with "
                + "the options that launched them (--ec2-region, --ec2-endpoint, or --destroy-command). With "
                + "--session ID, destroys what that session launched, using its saved options: every EC2 instance "
                + "tagged with it, or the workers its journal records as launched and not destroyed (--destroy-command): "
                + "what a crashed controller left behind. Only instances cloudtask launched are ever destroyed.", ""},
        footer = {"", "Exit status: 0 all destroyed (FILE removed); 2 some left (FILE rewritten with them, or they "
                + "are printed for -); 1 error."})
final class DestroyWorkersCommand implements Callable<Integer> {

    /** Exit status when some workers could not be destroyed. */
    static final int SOME_LEFT = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    CloudOptions cloud = new CloudOptions();

    @Parameters(arity = "0..1", paramLabel = "FILE|-", description = "Addresses of the workers, one per line.")
    String file;

    @Option(names = "--session", paramLabel = "ID", description = "Destroy what session ID launched.")
    Long session;

    @Option(names = "--sessions", paramLabel = "DIR",
            description = "Directory of sessions (default: $CLOUDTASK_SESSIONS, else ~/.cloudtask).")
    Path sessions;

    private final CliEnvironment environment;

    DestroyWorkersCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if ((file == null) == (session == null)) {
            throw new UsageException("destroy-workers needs FILE (- for standard input) or --session ID, one of them");
        }
        try {
            return file != null ? destroyListed() : destroySession();
        } catch (IOException e) {
            throw new CloudTaskException(e.getMessage(), ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudTaskException("interrupted; some workers may be left", ExitCodes.FAILED);
        }
    }

    private int destroyListed() throws IOException, InterruptedException {
        AddressList list = AddressList.read(file, environment.in());
        Provisioner provisioner = Provisioners.forSettings(cloud.given(GivenOptions.ALL), this::log);
        try {
            if (provisioner == Provisioner.NONE) {
                throw new UsageException("destroy-workers FILE needs the options that launched the workers: "
                        + "--ec2-region (and --ec2-endpoint) for EC2, or --destroy-command");
            }
            List<String> survivors = new WorkersDestruction(provisioner, this::log).destroyListed(list.lines());
            list.keepOnly(survivors, environment.out());
            return survivors.isEmpty() ? ExitCodes.OK : SOME_LEFT;
        } finally {
            Provisioners.close(provisioner);
        }
    }

    private int destroySession() throws IOException, InterruptedException {
        Map<String, String> options = new LinkedHashMap<>(CloudTask.savedSettings(sessionsDirectory(), session).frontEnd());
        options.putAll(cloud.given(GivenOptions.typedIn(spec.commandLine().getParseResult())));
        Provisioner provisioner = Provisioners.forSettings(options, this::log);
        try {
            if (provisioner == Provisioner.NONE) {
                log("session " + session + " was not set up to launch workers: nothing to destroy");
                return ExitCodes.OK;
            }
            // why: the destroy command gets CLOUDTASK_SESSION as it did when the session ran
            int left = new WorkersDestruction(provisioner.forSession(session), this::log)
                    .destroySession(session, sessionsDirectory());
            return left == 0 ? ExitCodes.OK : SOME_LEFT;
        } finally {
            Provisioners.close(provisioner);
        }
    }

    private Path sessionsDirectory() {
        if (sessions != null) return sessions;
        String fromEnvironment = environment.variables().get("CLOUDTASK_SESSIONS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return Path.of(fromEnvironment);
        return environment.home().resolve(".cloudtask");
    }

    private void log(String line) {
        // why: lines hold what the destroy command and the worker list said; a terminal shows them
        environment.err().println("cloudtask: " + LosslessText.printable(line));
    }
}
