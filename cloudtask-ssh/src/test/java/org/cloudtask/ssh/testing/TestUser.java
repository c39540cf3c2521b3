package org.cloudtask.ssh.testing;

import java.io.IOException;
import java.util.List;

/**
 * A second local user for tests of what one user can do to another's files or processes. Only root can create one;
 * tests that run as an ordinary user show the same refusals another way (a directory others can write, or the
 * test's own user in place of the second one).
 */
public final class TestUser {

    private TestUser() {
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates the user (home directory, /bin/sh, no password but not locked: sshd refuses a locked account even a key
     * login) unless it exists; returns its name. Root only.
     */
    public static synchronized String ensure(String name) throws IOException {
        if (!runningAsRoot()) {
            throw new IllegalStateException("only root can create the test user " + name);
        }
        try {
            LocalProcesses.run(List.of("id", "-u", name));
        } catch (IOException missing) {
            try {
                LocalProcesses.run(List.of("useradd", "--create-home", "--shell", "/bin/sh", "--password", "*", name));
            } catch (IOException e) {
                LocalProcesses.run(List.of("id", "-u", name)); // why: another test JVM may have just created it
            }
        }
        return name;
    }

    /** The numeric user id of {@code name}. */
    public static int uid(String name) throws IOException {
        return Integer.parseInt(LocalProcesses.run(List.of("id", "-u", name)).strip());
    }
}
