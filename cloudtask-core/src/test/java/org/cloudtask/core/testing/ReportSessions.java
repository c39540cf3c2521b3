package org.cloudtask.core.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * Sessions made by the real engine over scripted workers, for report tests: every kind of result a report shows,
 * in an order that does not vary from run to run (one worker slot at a time).
 */
public final class ReportSessions {

    private ReportSessions() {
    }

    /**
     * Session with jobs {@code ok-1, fail, flaky, slow, ok-2, crash, ok-3} on the listed worker {@code alpha} with one
     * retry: a failure with 7 lines of output, a failure retried into a success, a timeout, and {@code crash}, which
     * fails once and then loses the connection on its retry, failing the only worker: it stays pending. Retries run
     * after the first pass (the queue is first in, first out).
     */
    public static long mixedResults(Path sessions) {
        FakeTransport transport = new FakeTransport();
        AtomicInteger flakyRuns = new AtomicInteger();
        AtomicInteger crashRuns = new AtomicInteger();
        transport.script((worker, request) -> {
            String input = request.command().substring(request.command().lastIndexOf(' ') + 1);
            return switch (input) {
                case "fail" -> Outcome.exit(3, "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\n");
                case "flaky" -> flakyRuns.incrementAndGet() == 1 ? Outcome.exit(1, "not yet\n")
                        : Outcome.exit(0, "flaky ok\n");
                case "slow" -> Outcome.hang();
                case "crash" -> crashRuns.incrementAndGet() == 1 ? Outcome.exit(1, "crash soon\n")
                        : Outcome.loseConnection();
                default -> Outcome.exit(0, "done " + input + "\n");
            };
        });
        TaskSettings settings = new TaskSettings().command("job").split(1).retries(1)
                .timeout(Duration.ofMillis(300)).killGrace(Duration.ofMillis(50))
                .workers(List.of(WorkerAddress.of("alpha")));
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(new RecordingEvents())
                .build().run(settings, Inputs.lines("ok-1", "fail", "flaky", "slow", "ok-2", "crash", "ok-3"))
                .sessionId();
    }

    /**
     * Session where the listed worker {@code alpha} refuses connections (dropped) and the one launched worker runs
     * every job and then cannot be destroyed (the cloud API is down).
     */
    public static long launchedWorkerNeverDestroyed(Path sessions) {
        FakeTransport transport = new FakeTransport();
        transport.script((worker, request) -> Outcome.exit(0, "ran on " + worker + "\n"));
        transport.worker("alpha").refuses();
        TaskSettings settings = new TaskSettings().command("job").split(2).workers(List.of(WorkerAddress.of("alpha")));
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport)
                .provisioner(new FakeProvisioner().failAllDestroys()).events(new RecordingEvents()).build()
                .run(settings, Inputs.lines("a", "b", "c")).sessionId();
    }

    /**
     * A busier session for the HTML report: {@code jobs} jobs on 5 listed workers with 2 slots each, durations from
     * 10 to 130 ms, every 13th job failing with some output, every 37th hanging into its timeout, and worker
     * {@code w3} losing its connection on its 12th job (its job runs again elsewhere).
     */
    public static long busy(Path sessions, int jobs) {
        FakeTransport transport = new FakeTransport();
        AtomicInteger onW3 = new AtomicInteger();
        transport.script((worker, request) -> {
            int n = Integer.parseInt(request.command().substring(request.command().lastIndexOf(' ') + 1));
            if (worker.equals("w3") && onW3.incrementAndGet() == 12) return Outcome.loseConnection();
            if (n % 37 == 0) return Outcome.hang();
            Duration takes = Duration.ofMillis(10 + (n * 7919L) % 120);
            if (n % 13 == 0) return Outcome.exit(n % 5 + 1, "processing " + n + "\nstep 1 ok\nstep 2 ok\n"
                    + "error: input " + n + " is not valid\n").after(takes);
            return Outcome.exit(0, "processed " + n + "\n").after(takes);
        });
        List<WorkerAddress> workers = List.of("w1", "w2", "w3", "w4", "w5").stream().map(WorkerAddress::of).toList();
        TaskSettings settings = new TaskSettings().command("process").split(5).slotsPerWorker(2)
                .timeout(Duration.ofMillis(200)).killGrace(Duration.ofMillis(20)).workers(workers);
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(new RecordingEvents())
                .build().run(settings, Inputs.seq(1, jobs)).sessionId();
    }

    /**
     * A big fleet's session: {@code workers} listed workers ({@code w1..}) with {@code slots} slots each, {@code jobs}
     * jobs of 200 to 400 ms (long enough that every slot runs some), every 29th failing.
     */
    public static long fleet(Path sessions, int workers, int slots, int jobs) {
        FakeTransport transport = new FakeTransport().script((worker, request) -> {
            int n = Integer.parseInt(request.command().substring(request.command().lastIndexOf(' ') + 1));
            Duration takes = Duration.ofMillis(200 + (n * 7919L) % 200);
            return Outcome.exit(n % 29 == 0 ? 1 : 0).after(takes);
        });
        List<WorkerAddress> list = new java.util.ArrayList<>();
        for (int i = 1; i <= workers; i++) list.add(WorkerAddress.of("w" + i));
        TaskSettings settings = new TaskSettings().command("process").split(workers).slotsPerWorker(slots)
                .workers(list);
        return CloudTask.builder().sessionsDirectory(sessions).transport(transport).events(new RecordingEvents())
                .build().run(settings, Inputs.seq(1, jobs)).sessionId();
    }
}
