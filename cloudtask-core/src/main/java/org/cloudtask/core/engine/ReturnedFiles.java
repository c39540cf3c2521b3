package org.cloudtask.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.cloudtask.core.session.PrivateFiles;
import org.cloudtask.core.worker.WorkerLostException;

/**
 * Copies a job's {@code --return} files from its worker into {@code SESSION/returns/<job>/} over the worker's
 * connection, at most {@code --return-max} bytes per job. Nothing here fails the job: a missing file, the cap, or a
 * broken copy is logged and the job's result stands. A worker that stopped answering during the copy (the transport
 * bounds every wait and says so with a {@link WorkerLostException}) has failed, as when its pings go unanswered.
 */
final class ReturnedFiles {

    private final TaskRun run;
    private final Worker worker;
    private final QueuedJob job;

    ReturnedFiles(TaskRun run, Worker worker, QueuedJob job) {
        this.run = run;
        this.worker = worker;
        this.job = job;
    }

    void copy() {
        Path dir = run.session().directory().resolve("returns").resolve(Long.toString(job.id()));
        long left = run.settings().returnMax();
        long deadline = System.nanoTime() + run.settings().setupTimeout().toNanos();
        for (String path : run.settings().returns()) {
            try (InputStream in = worker.connection().openFile(path);
                 Watchdog watchdog = new Watchdog(in, deadline, worker.name())) {
                Path target = dir.resolve(path).normalize();
                PrivateFiles.createDirectories(target.getParent());
                long copied = copy(in, target, left);
                if (copied > left) {
                    Files.deleteIfExists(target);
                    log("--return " + path + " goes past --return-max (" + run.settings().returnMax()
                            + " bytes for the job); stopped copying its files there");
                    return;
                }
                left -= copied;
            } catch (NoSuchFileException e) {
                // why first: a missing file is expected (a job that had nothing to return) and only noted
                log("--return " + path + ": no such file on the worker (not a failure)");
            } catch (WorkerLostException e) {
                // why: the worker stopped answering; its other files would wait as long, and it can run no more jobs
                log("could not copy back --return " + path + ": " + e.getMessage());
                run.workerFailed(worker, "stopped answering while the --return files of job " + job.id()
                        + " were copied back");
                return;
            } catch (IOException | UnsupportedOperationException e) {
                log("could not copy back --return " + path + ": " + e.getMessage()
                        + (System.nanoTime() > deadline ? " (took longer than --setup-timeout)" : ""));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Copies at most {@code limit + 1} bytes, so a result above {@code limit} means the file was too big. */
    private static long copy(InputStream in, Path target, long limit) throws IOException {
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel out = PrivateFiles.openReadWrite(target)) {
            out.truncate(0);
            int n;
            while (copied <= limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - copied))) > 0) {
                out.write(ByteBuffer.wrap(buffer, 0, n));
                copied += n;
            }
        }
        return copied;
    }

    private void log(String text) {
        run.recorder().line(worker.name() + ": job " + job.id() + ": " + text);
    }

    /**
     * Closes the stream at the deadline, so a copy from a worker that stopped answering cannot hold its slot forever
     * (a read from a hung SFTP channel has no timeout of its own).
     */
    private static final class Watchdog implements AutoCloseable {
        private final Thread thread;

        Watchdog(InputStream in, long deadlineNanos, String workerName) {
            thread = new Thread(() -> {
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.max(0, deadlineNanos - System.nanoTime()));
                    in.close();
                } catch (InterruptedException | IOException e) {
                    // why: interrupted = the copy finished in time; a failing close leaves nothing to do
                }
            }, "cloudtask-return-" + workerName);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
