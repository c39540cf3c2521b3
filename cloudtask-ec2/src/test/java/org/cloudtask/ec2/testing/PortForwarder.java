package org.cloudtask.ec2.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens on an instance's address at the stand-in's one SSH port and relays each connection to the instance's
 * sshd. why: EC2 addresses carry no port, so every instance must answer on the same port, as real ones answer on
 * 22, while the OpenSSH fixture picks a free port of its own for each sshd.
 */
final class PortForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    PortForwarder(String host, int port, InetSocketAddress target) throws IOException {
        this.listener = new ServerSocket(port, 50, InetAddress.getByName(host));
        this.target = target;
        this.acceptor = new Thread(this::acceptAll, "cloudtask-ec2-standin-forward-" + host);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Socket server = new Socket();
                open.add(server);
                try {
                    server.connect(target, 5000);
                } catch (IOException refused) {
                    // why: sshd was killed; the client sees the connection close, as with a crashed machine
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cloudtask-ec2-standin-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    boolean isOpen() {
        return !listener.isClosed();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
