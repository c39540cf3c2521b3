package org.cloudtask.ec2;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerAddresses;

/**
 * Launches workers on any cloud through the user's own commands: {@code --launch-command} gets the number of
 * workers wanted as its last argument and prints one {@code [user@]host[:port]} per line as each becomes ready;
 * {@code --destroy-command} gets the addresses to destroy as its last arguments. A worker's instance id is the
 * address exactly as printed.
 */
public final class CommandProvisioner implements Provisioner {

    private final CommandSettings settings;
    private final Consumer<String> log;

    public CommandProvisioner(CommandSettings settings, Consumer<String> log) {
        settings.check();
        this.settings = settings.copy();
        this.log = log;
    }

    @Override
    public void launch(int count, LaunchListener listener) {
        if (count <= 0) return;
        if (settings.launchCommand() == null) {
            for (int i = 0; i < count; i++) listener.failed(null, "no launch command given (--launch-command)");
            return;
        }
        int delivered = 0;
        UserCommand command = null;
        String problem;
        try {
            command = UserCommand.start("launch command", settings.launchCommand(), List.of(Integer.toString(count)), settings, log);
            Instant deadline = Instant.now().plus(settings.launchTimeout());
            for (Optional<String> line; (line = command.nextLine(deadline)).isPresent(); ) {
                if (deliver(line.get(), delivered < count, count, listener)) delivered++;
            }
            int exit = command.exitCode(deadline);
            problem = exit != 0 ? "launch command exited " + exit + " after printing " + delivered + " of " + count + " addresses (its stderr is in the log)"
                    : delivered < count ? "launch command printed only " + delivered + " of " + count + " addresses" : null;
            log.accept("launch command exited " + exit);
        } catch (IOException e) {
            problem = "launch command could not be started: " + e.getMessage();
        } catch (TimeoutException e) {
            command.kill();
            problem = "launch command timed out after " + settings.launchTimeout() + " with " + delivered + " of " + count + " addresses printed; killed it";
        } catch (InterruptedException e) {
            if (command != null) command.kill();
            Thread.currentThread().interrupt();
            problem = "launch interrupted; killed the launch command (machines it had not printed yet may be left)";
        } catch (RuntimeException e) {
            if (command != null) command.kill(); // why: a broken listener must not leave the command running
            throw e;
        }
        if (problem != null) {
            log.accept(problem);
            for (int i = delivered; i < count; i++) listener.failed(null, problem);
        }
    }

    /** Reports one printed line; returns whether it was a worker handed over. */
    private boolean deliver(String line, boolean wanted, int count, LaunchListener listener) throws InterruptedException {
        if (line.isBlank()) return false;
        WorkerAddress address;
        try {
            address = WorkerAddresses.parseOne(line.strip());
        } catch (IllegalArgumentException e) {
            log.accept("launch command printed a line that is not a worker address, ignored: " + line.strip());
            return false;
        }
        LaunchedWorker worker = new LaunchedWorker(line.strip(), address, null, Instant.now());
        listener.created(worker);
        if (wanted) {
            log.accept("launched " + worker.instanceId());
            listener.ready(worker);
            return true;
        }
        String reason = "launch command printed more than the " + count + " addresses asked for: " + worker.instanceId();
        try {
            destroy(worker);
            listener.failed(worker, reason + "; destroyed it");
        } catch (IOException e) {
            listener.failed(worker, reason + "; " + e.getMessage());
        }
        return false;
    }

    @Override
    public void destroy(LaunchedWorker worker) throws IOException, InterruptedException {
        destroy(List.of(worker));
    }

    /** Destroys several workers with one run of the destroy command. */
    public void destroy(List<LaunchedWorker> workers) throws IOException, InterruptedException {
        List<String> addresses = workers.stream().map(LaunchedWorker::instanceId).toList();
        if (settings.destroyCommand() == null) {
            throw new IOException("no destroy command given (--destroy-command): cannot destroy " + String.join(" ", addresses));
        }
        UserCommand command = UserCommand.start("destroy command", settings.destroyCommand(), addresses, settings, log);
        Instant deadline = Instant.now().plus(settings.destroyTimeout());
        try {
            for (Optional<String> line; (line = command.nextLine(deadline)).isPresent(); ) log.accept("destroy command: " + line.get());
            int exit = command.exitCode(deadline);
            if (exit != 0) {
                throw new IOException("destroy command exited " + exit + " for " + String.join(" ", addresses) + " (its stderr is in the log)");
            }
            log.accept("destroyed " + String.join(" ", addresses));
        } catch (TimeoutException e) {
            command.kill();
            throw new IOException("destroy command timed out after " + settings.destroyTimeout() + " for " + String.join(" ", addresses));
        } catch (InterruptedException e) {
            command.kill();
            throw e;
        }
    }

    /** The same provisioner, giving both commands {@code CLOUDTASK_SESSION} so they can mark their machines. */
    @Override
    public CommandProvisioner forSession(long sessionId) {
        CommandSettings withSession = settings.copy();
        withSession.environment().put("CLOUDTASK_SESSION", Long.toString(sessionId));
        return new CommandProvisioner(withSession, log);
    }

    @Override
    public String describe() {
        return "launch command " + settings.launchCommand();
    }
}
