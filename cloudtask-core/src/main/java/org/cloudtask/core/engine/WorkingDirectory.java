package org.cloudtask.core.engine;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.cloudtask.core.worker.TransferFile;

/**
 * The session's working directory on one worker ({@code --transfer}): {@code .cloudtask-work/<session>-<random>}
 * under the login's home, made before the worker's first job and removed after its last one unless
 * {@code --keep-workdir}. The random part keeps two connections to the same login (the same host listed twice, two
 * controllers with a session of the same number) out of each other's directory.
 */
final class WorkingDirectory {

    static final String PARENT = ".cloudtask-work";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String path;
    private boolean created;

    WorkingDirectory(long sessionId) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        this.path = PARENT + "/" + sessionId + "-" + HexFormat.of().formatHex(random);
    }

    void create(Worker worker, List<TransferFile> files, Duration timeout) throws IOException, InterruptedException {
        created = true;
        worker.connection().transfer(path, files, timeout);
    }

    /** Whether it was made (its removal then waits on the worker). */
    boolean created() {
        return created;
    }

    /** Removes it unless kept; a failure is logged, never fatal: the jobs' results are already saved. */
    void remove(Worker worker, TaskRun run) {
        if (!created || Boolean.TRUE.equals(run.settings().keepWorkdir()) || worker.failed()) return;
        try {
            worker.connection().removeWorkingDirectory(run.settings().setupTimeout());
        } catch (IOException | RuntimeException e) {
            run.recorder().line(worker.name() + ": could not remove its working directory " + path + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
