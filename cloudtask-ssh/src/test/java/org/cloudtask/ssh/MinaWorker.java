package org.cloudtask.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * An in-process Apache MINA SSHD on 127.0.0.1 that runs exec requests as real local processes ({@code /bin/sh -c}),
 * with key authentication from an authorized_keys file. It also offers password and keyboard-interactive logins,
 * refusing and recording every attempt, so tests can show the client never tries them.
 */
final class MinaWorker implements AutoCloseable {

    private final SshServer server = SshServer.setUpDefaultServer();
    private final Path directory;
    private final List<String> passwordAttempts = new CopyOnWriteArrayList<>();
    private final Map<String, String> environment;
    private volatile java.time.Duration loginPause = java.time.Duration.ZERO;
    private final java.util.concurrent.atomic.AtomicInteger commandsStarted = new java.util.concurrent.atomic.AtomicInteger();

    /** @param environment what the login environment of commands holds (as sshd would set it) */
    MinaWorker(Path directory, Path authorizedKeys, Map<String, String> environment) throws IOException {
        this.directory = directory;
        this.environment = environment;
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(directory.resolve("mina_host_key")));
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(authorizedKeys);
        server.setPublickeyAuthenticator((user, key, session) -> {
            pauseLogin();
            return keys.authenticate(user, key, session);
        });
        server.setPasswordAuthenticator((user, password, session) -> {
            passwordAttempts.add("password " + user);
            return false;
        });
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> {
            commandsStarted.incrementAndGet();
            return new LocalProcessCommand(command);
        });
        server.start();
    }

    /** How many exec channels' commands this worker has started (the runner is one). */
    int commandsStarted() {
        return commandsStarted.get();
    }

    /** From now on every key check takes {@code pause}: a worker too busy to log anyone in quickly. */
    MinaWorker slowLogins(java.time.Duration pause) {
        loginPause = pause;
        return this;
    }

    private void pauseLogin() {
        try {
            Thread.sleep(loginPause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    WorkerAddress address(String user) {
        return new WorkerAddress(user, "127.0.0.1", server.getPort(), 0, null);
    }

    /** The known_hosts line for this server. */
    String knownHostsLine() throws IOException {
        try {
            PublicKey key = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
            return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    Path writeKnownHosts(String name) throws IOException {
        return Files.writeString(directory.resolve(name), knownHostsLine() + "\n");
    }

    List<String> passwordAttempts() {
        return passwordAttempts;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** One exec request: {@code /bin/sh -c COMMAND} with pumps between the process and the channel. */
    private final class LocalProcessCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        LocalProcessCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream stream) {
            this.in = stream;
        }

        @Override
        public void setOutputStream(OutputStream stream) {
            this.out = stream;
        }

        @Override
        public void setErrorStream(OutputStream stream) {
            this.err = stream;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                    .directory(new java.io.File(System.getProperty("user.home")));
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
            Thread toProcess = pump(in, process.getOutputStream(), "stdin", true);
            Thread fromOut = pump(process.getInputStream(), out, "stdout", false);
            Thread fromErr = pump(process.getErrorStream(), err, "stderr", false);
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    fromOut.join();
                    fromErr.join();
                    toProcess.interrupt();
                    exit.onExit(code);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cloudtask-mina-wait");
            waiter.setDaemon(true);
            waiter.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }

        private Thread pump(InputStream from, OutputStream to, String name, boolean closeAfter) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                } catch (IOException ended) {
                    // the process or the channel went away
                } finally {
                    if (closeAfter) {
                        try {
                            to.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                }
            }, "cloudtask-mina-" + name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }
}
