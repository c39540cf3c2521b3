package org.cloudtask.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.ExitStatus;
import org.cloudtask.core.worker.OutputSink;
import org.cloudtask.core.worker.RunningCommand;
import org.cloudtask.core.worker.Transport;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerConnection;

/** A transport whose commands succeed at once with no output and no bookkeeping: measures the engine alone. */
public final class InstantTransport implements Transport {

    private static final RunningCommand DONE = ended(0);
    private static final RunningCommand FAILED = ended(1);

    private final long failEvery;

    /** Every command succeeds. */
    public InstantTransport() {
        this(0);
    }

    /** Attempt 1 of every {@code failEvery}-th job exits 1 (0 = none), to leave work for a retry. */
    public InstantTransport(long failEvery) {
        this.failEvery = failEvery;
    }

    private static RunningCommand ended(int code) {
        Optional<ExitStatus> status = Optional.of(ExitStatus.exited(code));
        return new RunningCommand() {
            @Override
            public Optional<ExitStatus> await(Duration timeout) {
                return status;
            }

            @Override
            public void kill(Duration grace) {
            }
        };
    }

    private boolean fails(CommandRequest request) {
        if (failEvery <= 0 || !"1".equals(request.environment().get("CLOUDTASK_ATTEMPT"))) return false;
        String job = request.environment().get("CLOUDTASK_JOB");
        return job != null && Long.parseLong(job) % failEvery == 0;
    }

    @Override
    public WorkerConnection connect(WorkerAddress address) {
        return new WorkerConnection() {
            @Override
            public RunningCommand start(CommandRequest request, OutputSink output) {
                return fails(request) ? FAILED : DONE;
            }

            @Override
            public void ping(Duration timeout) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<WorkerAddress> defaultWorkers(int count) {
        List<WorkerAddress> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) list.add(WorkerAddress.of("instant-" + i));
        return list;
    }
}
