package org.cloudtask.cli.run;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.ec2.Ec2Provisioner;
import org.cloudtask.core.worker.WorkerAddresses;

/** Destroys the workers {@code destroy-workers} names, one by one, and says which are left. */
public final class WorkersDestruction {

    private final Provisioner provisioner;
    private final Consumer<String> log;

    public WorkersDestruction(Provisioner provisioner, Consumer<String> log) {
        this.provisioner = provisioner;
        this.log = log;
    }

    /** Destroys the workers at these addresses (lines as launch-workers wrote them); returns the lines left. */
    public List<String> destroyListed(List<String> lines) throws IOException, InterruptedException {
        List<String> survivors = new ArrayList<>();
        Map<String, List<LaunchedWorker>> instances = provisioner instanceof Ec2Provisioner ec2
                ? ec2.findInstancesAt(lines.stream().map(WorkersDestruction::hostOf).toList()) : null;
        for (String line : lines) {
            List<LaunchedWorker> workers = instances == null
                    ? List.of(new LaunchedWorker(line, null, null, Instant.EPOCH))
                    : instances.getOrDefault(hostOf(line), List.of());
            if (workers.isEmpty()) log.accept("no instance cloudtask launched is running at " + line + ": already gone");
            boolean allGone = true;
            for (LaunchedWorker worker : workers) allGone &= destroy(worker);
            if (!allGone) survivors.add(line);
        }
        return survivors;
    }

    /** Destroys every instance tagged with this session; returns how many are left. */
    public int destroySession(long sessionId) throws IOException, InterruptedException {
        if (!(provisioner instanceof Ec2Provisioner ec2)) {
            throw new IOException("destroy-workers --session works for EC2 only: the workers of --launch-command are "
                    + "not recorded by the session yet; use destroy-workers FILE with --destroy-command");
        }
        List<LaunchedWorker> workers = ec2.findSessionInstances(Long.toString(sessionId));
        int left = 0;
        for (LaunchedWorker worker : workers) {
            if (!destroy(worker)) left++;
        }
        log.accept("session " + sessionId + ": destroyed " + (workers.size() - left) + " of " + workers.size() + " instances");
        return left;
    }

    private boolean destroy(LaunchedWorker worker) throws InterruptedException {
        try {
            provisioner.destroy(worker);
            return true;
        } catch (IOException e) {
            log.accept("could not destroy " + worker.instanceId() + ": " + e.getMessage());
            return false;
        }
    }

    private static String hostOf(String line) {
        try {
            return WorkerAddresses.parseOne(line.strip()).host();
        } catch (IllegalArgumentException e) {
            return line;
        }
    }
}
