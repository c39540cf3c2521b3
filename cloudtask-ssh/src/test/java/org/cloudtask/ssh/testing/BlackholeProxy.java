package org.cloudtask.ssh.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cloudtask.core.worker.WorkerAddress;

/**
 * A TCP relay in front of a worker that can start swallowing every byte in both directions without closing anything,
 * as a network that drops packets would. Unlike a firewall rule it needs no privileges, so the suite runs the same for
 * root and for an ordinary user.
 */
public final class BlackholeProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean dropping;

    private BlackholeProxy(String host, InetSocketAddress target) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getByName(host));
        this.target = target;
        Thread acceptor = new Thread(this::acceptLoop, "cloudtask-test-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay listening on {@code host} (a free port) in front of this server. */
    public static BlackholeProxy inFrontOf(OpenSshServer server, String host) throws IOException {
        return new BlackholeProxy(host, new InetSocketAddress(server.host(), server.port()));
    }

    /** The server's address as reached through the relay. */
    public WorkerAddress workerAddress(String user) {
        return new WorkerAddress(user, listener.getInetAddress().getHostAddress(), listener.getLocalPort(), 0, null);
    }

    /** From now on nothing gets through, in either direction; connections stay open. */
    public void dropEverything() {
        dropping = true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                relay(client, server, "up");
                relay(server, client, "down");
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!dropping) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // one side went away
            }
        }, "cloudtask-test-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }
}
