package org.cloudtask.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;

/**
 * Carries an SSH connection through a jump host (ProxyJump), as {@code ssh -J} does: a direct-tcpip channel of the
 * connected jump host's session to the target's address and port. The jump session belongs to this proxy: closing
 * the proxy (JSch does when the connection through it ends or fails) disconnects it, and with it any hop before.
 */
final class JumpProxy implements Proxy {

    private final Session jumpHost;
    private Channel channel;
    private InputStream in;
    private OutputStream out;

    JumpProxy(Session jumpHost) {
        this.jumpHost = jumpHost;
    }

    @Override
    public void connect(SocketFactory unused, String host, int port, int timeout) throws Exception {
        Channel forwarder = jumpHost.getStreamForwarder(host, port);
        // why before connect: the channel then delivers what arrives to this pipe, with no thread of its own
        in = forwarder.getInputStream();
        out = forwarder.getOutputStream();
        forwarder.connect(timeout);
        channel = forwarder;
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.disconnect();
        }
        jumpHost.disconnect();
    }
}
