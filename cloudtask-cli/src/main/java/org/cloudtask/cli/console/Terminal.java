package org.cloudtask.cli.console;

/**
 * Which standard streams are terminals. Java cannot tell on its own: {@code System.console()} is null as soon as
 * stdin is a pipe ({@code seq 3 | cloudtask ...}) even when the output is a terminal, and it says nothing about
 * stderr. So {@code bin/cloudtask} tests {@code [ -t 0 ]}, {@code [ -t 1 ]} and {@code [ -t 2 ]} and passes the
 * answers as the system properties {@code cloudtask.tty.stdin}, {@code cloudtask.tty.stdout} and
 * {@code cloudtask.tty.stderr}.
 */
public record Terminal(boolean stdin, boolean stdout, boolean stderr) {

    public static final Terminal NONE = new Terminal(false, false, false);

    public static Terminal fromSystemProperties() {
        // why: without the launcher's answers (java -jar run by hand) System.console() is the best guess left
        boolean console = System.console() != null;
        return new Terminal(flag("cloudtask.tty.stdin", console), flag("cloudtask.tty.stdout", console),
                flag("cloudtask.tty.stderr", false));
    }

    private static boolean flag(String name, boolean fallback) {
        String value = System.getProperty(name);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }
}
