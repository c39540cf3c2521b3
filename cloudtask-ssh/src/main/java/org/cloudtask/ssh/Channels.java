package org.cloudtask.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/** Opens JSch channels so that a connection that went down shows as an exception, never as a null channel. */
final class Channels {

    private Channels() {
    }

    /**
     * {@link Session#openChannel} with its one silent failure made loud: when the connection goes down between its
     * own "is connected" check and the channel's set-up, JSch swallows the error and returns null.
     */
    @SuppressWarnings("unchecked")
    static <C extends Channel> C open(Session session, String type) throws JSchException {
        Channel channel = session.openChannel(type);
        if (channel == null) {
            throw new JSchException("the connection went down while a " + type + " channel was opened");
        }
        return (C) channel;
    }
}
