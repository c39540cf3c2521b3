package org.cloudtask.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The runner's source (runner.pl, shipped in this jar) and the one-line command that starts it on a worker. Nothing
 * is installed on the worker: a short loader reads exactly the source's length from stdin and runs it, after which
 * stdin carries the job frames.
 */
final class RunnerScript {

    private static final byte[] SOURCE = load();

    private RunnerScript() {
    }

    static byte[] source() {
        return SOURCE.clone();
    }

    /** Single quotes only, no newline: the same in sh, bash, zsh, fish and csh login shells. */
    static String bootstrapCommand() {
        return "exec perl -e 'my($n,$s)=(" + SOURCE.length + ",\"\");"
                + "while(length($s)<$n){sysread(STDIN,$s,$n-length($s),length($s)) or die \"incomplete runner\\n\"}"
                + "eval($s);die($@)if($@);exit(0)' cloudtask-runner";
    }

    private static byte[] load() {
        try (InputStream in = RunnerScript.class.getResourceAsStream("runner.pl")) {
            if (in == null) {
                throw new IOException("runner.pl is missing from the cloudtask-ssh jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
