package org.cloudtask.cli;

/** Entry point of the runnable jar that {@code bin/cloudtask} starts. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = Cli.execute(CliEnvironment.system(), args);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
